// tern-bench-threads: threading a large folder (tests/bench/threads/run.sh).
//   tern-bench-threads N DIR   writes N messages in conversations to DIR/cache.sqlite
//                              (the cache's columns, as a sync stores them) and the same
//                              messages to the Maildir DIR/Maildir (for notmuch), then
//                              times: the first threading of the folder (read the ids,
//                              parse, link, build the tree), a new message arriving
//                              (insert, incremental refresh, tree), and a full re-threading.
#include "store/Database.h"
#include "store/MessageStore.h"
#include "threads/FolderThreads.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <algorithm>
#include <cstdio>

using namespace tern;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3) {
        std::fprintf(stderr, "usage: tern-bench-threads N DIR\n");
        return 2;
    }
    const int n = args.at(1).toInt();
    const QString dir = args.at(2);
    QDir().mkpath(dir + QStringLiteral("/Maildir/cur"));
    QDir().mkpath(dir + QStringLiteral("/Maildir/new"));
    QDir().mkpath(dir + QStringLiteral("/Maildir/tmp"));
    auto db = store::Database::open(dir + QStringLiteral("/cache.sqlite"));
    if (!db) {
        std::fprintf(stderr, "%s\n", qPrintable(db.error().message));
        return 1;
    }
    store::Database &d = *db.value();
    (void)store::MessageStore(d).ensureMailbox(QStringLiteral("bench"), QStringLiteral("INBOX"));
    // Conversations as a busy list has them: 30% new threads, replies to a recent
    // message of a recent thread with its whole chain in References (RFC 5322
    // §3.6.4), 2% of parents never arriving, 0.5% duplicate Message-IDs.
    QRandomGenerator rng(42);
    struct Msg {
        QByteArray id;
        QList<QByteArray> chain;
    };
    std::vector<Msg> all;
    all.reserve(size_t(n));
    {
        store::Transaction t(d);
        QSqlQuery q(d.db());
        q.prepare(QStringLiteral("INSERT INTO messages (mailbox_id, flags, size, received_at, subject, from_header, message_id, in_reply_to, refs) "
                                 "VALUES ((SELECT id FROM mailboxes WHERE name = 'INBOX'), '\\Seen', 1000, ?, ?, 'a@example.test', ?, ?, ?)"));
        for (int i = 0; i < n; ++i) {
            Msg m;
            m.id = "m" + QByteArray::number(i) + "@bench.example";
            if (i % 200 == 199)
                m.id = all[size_t(rng.bounded(i))].id;   // a duplicate
            if (!all.empty() && rng.bounded(100) >= 30) {
                const Msg &parent = all[all.size() - 1 - size_t(rng.bounded(int(qMin<size_t>(all.size(), 500))))];
                m.chain = parent.chain;
                m.chain.append(parent.id);
                if (m.chain.size() > 20)
                    m.chain = m.chain.mid(m.chain.size() - 20);
            }
            if (rng.bounded(100) < 2) {   // a parent that never arrives
                m.chain.append("lost" + QByteArray::number(i) + "@bench.example");
            }
            QByteArray refs;
            for (const QByteArray &r : m.chain)
                refs += '<' + r + "> ";
            const QByteArray subject = "Topic " + QByteArray::number(i % 5000);
            q.addBindValue(1700000000 + i);
            q.addBindValue(QString::fromLatin1(subject));
            q.addBindValue(QString::fromLatin1('<' + m.id + '>'));
            q.addBindValue(m.chain.isEmpty() ? QString() : QString::fromLatin1('<' + m.chain.last() + '>'));
            q.addBindValue(QString::fromLatin1(refs.trimmed()));
            q.exec();
            QFile f(dir + QStringLiteral("/Maildir/cur/%1.bench:2,S").arg(i));
            if (f.open(QIODevice::WriteOnly)) {
                QByteArray raw = "From: a@example.test\nTo: b@example.test\nSubject: " + subject + "\nDate: " +
                                 QDateTime::fromSecsSinceEpoch(1700000000 + i, Qt::UTC).toString(Qt::RFC2822Date).toLatin1() +
                                 "\nMessage-ID: <" + m.id + ">\n";
                if (!m.chain.isEmpty())
                    raw += "In-Reply-To: <" + m.chain.last() + ">\nReferences: " + refs.trimmed() + "\n";
                f.write(raw + "\nbody " + QByteArray::number(i) + "\n");
            }
            all.push_back(m);
        }
        q.finish();
        (void)t.commit();
    }
    QElapsedTimer timer;
    // The first threading: what opening the folder costs.
    timer.start();
    threads::FolderThreads folder(QStringLiteral("bench"), QStringLiteral("INBOX"));
    (void)folder.refresh(d);
    const qint64 loadMs = timer.elapsed();
    timer.restart();
    threads::ThreadTree tree = folder.tree();
    const qint64 treeMs = timer.elapsed();
    // New mail, one message at a time: incremental.
    const int arrivals = 50;
    qint64 arriveNs = 0;
    for (int i = 0; i < arrivals; ++i) {
        QElapsedTimer one;
        one.start();
        (void)d.exec(QStringLiteral("INSERT INTO messages (mailbox_id, flags, size, received_at, message_id, refs) VALUES "
                                    "((SELECT id FROM mailboxes WHERE name = 'INBOX'), '', 10, ?, ?, ?)"),
                     {2000000000 + i, QStringLiteral("<new%1@x>").arg(i), QStringLiteral("<%1>").arg(QString::fromLatin1(all[size_t(n - 1 - i)].id))});
        (void)folder.refresh(d);
        tree = folder.tree();
        arriveNs += one.nsecsElapsed();
    }
    // A full re-threading from the rows (what a folder that lost mail costs).
    timer.restart();
    threads::FolderThreads again(QStringLiteral("bench"), QStringLiteral("INBOX"));
    (void)again.refresh(d);
    tree = again.tree();
    const qint64 fullMs = timer.elapsed();
    int threadsWithReplies = 0;
    for (int r : tree.roots)
        threadsWithReplies += tree.nodes[size_t(r)].size > 1;
    std::printf("messages=%d threads=%zu threads_with_replies=%d first_load_ms=%lld first_tree_ms=%lld arrival_ms=%.2f full_rethread_ms=%lld\n",
                n, tree.roots.size(), threadsWithReplies, loadMs, treeMs, arriveNs / 1e6 / arrivals, fullMs);
    return 0;
}

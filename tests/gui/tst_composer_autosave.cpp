// The composer's drafts are saved on their own while the user writes: each
// save replaces the previous one in Drafts (locally when it never reached the
// server, through the journal when it did), a window that dies unclosed has
// lost at most one interval of writing, and a sent message leaves no draft.
#include "ComposerWindow.h"
#include "store/AccountConfig.h"
#include "store/Database.h"
#include "sync/OfflineJournal.h"

#include <QApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QLineEdit>
#include <QPointer>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

using namespace tern;

namespace {
store::AccountConfig account()
{
    store::AccountConfig a;
    a.name = QStringLiteral("work");
    a.address = QStringLiteral("ann@example.test");
    a.imap = net::ServerUrl::parse(QStringLiteral("imaps://ann@127.0.0.1:993"), net::Protocol::Imap).value();
    a.smtp = net::ServerUrl::parse(QStringLiteral("smtps://ann@127.0.0.1:465"), net::Protocol::Smtp).value();
    return a;
}

// The drafts the cache holds for the account: (uid, raw).
QList<std::pair<qint64, QByteArray>> drafts(store::Database &db)
{
    QList<std::pair<qint64, QByteArray>> out;
    auto q = db.exec(QStringLiteral("SELECT coalesce(m.uid, 0), b2.raw FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                    "JOIN bodies b2 ON b2.message_id = m.id WHERE b.account = 'work' AND b.name = 'Drafts' "
                                    "AND m.flags NOT LIKE '%\\Deleted%'"));
    while (q && q.value().next())
        out.append({q.value().value(0).toLongLong(), q.value().value(1).toByteArray()});
    return out;
}

bool onlyDraftSays(store::Database &db, const QByteArray &text)
{
    const auto all = drafts(db);
    return all.size() == 1 && all.first().second.contains(text);
}
} // namespace

class TestComposerAutosave : public QObject {
    Q_OBJECT
private slots:
    void eachSaveReplacesThePrevious()
    {
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db.ok());
        store::Database &cache = *db.value();
        ui::ComposerWindow w(cache, {account()});
        w.setAutosaveInterval(150);
        w.findChild<QLineEdit *>(QStringLiteral("to"))->setText(QStringLiteral("bob@example.test"));
        auto *body = w.findChild<QPlainTextEdit *>(QStringLiteral("body"));
        body->setPlainText(QStringLiteral("first words"));
        QTRY_VERIFY(w.savedDraftId() > 0);
        QVERIFY(onlyDraftSays(cache, "first words"));
        const qint64 first = w.savedDraftId();

        // Unchanged: no new save.
        QTest::qWait(500);
        QCOMPARE(w.savedDraftId(), first);

        // Changed: the new save replaces the old one, which never reached the server.
        body->setPlainText(QStringLiteral("second words"));
        QTRY_VERIFY(w.savedDraftId() != first);
        QVERIFY(onlyDraftSays(cache, "second words"));
        auto gone = cache.exec(QStringLiteral("SELECT count(*) FROM messages WHERE id = ?"), {first});
        QVERIFY(gone.value().next());
        QCOMPARE(gone.value().value(0).toInt(), 0);

        // The engine uploaded it meanwhile (APPENDUID 55): the next save deletes it on the server.
        QVERIFY(cache.exec(QStringLiteral("UPDATE messages SET uid = 55 WHERE id = ?"), {w.savedDraftId()}).ok());
        QVERIFY(cache.exec(QStringLiteral("UPDATE journal SET state = 'done' WHERE op = 'append'")).ok());
        body->setPlainText(QStringLiteral("third words"));
        QTRY_VERIFY(onlyDraftSays(cache, "third words"));
        const auto journal = sync::OfflineJournal(cache).pending(QStringLiteral("work"));
        QVERIFY(journal.ok());
        bool deletesOld = false;
        int appends = 0;
        for (const auto &e : journal.value()) {
            deletesOld |= e.op == QLatin1String("delete") && e.uid == 55 && e.mailbox == QLatin1String("Drafts");
            appends += e.op == QLatin1String("append");
        }
        QVERIFY(deletesOld);
        QCOMPARE(appends, 1);   // only the newest goes up
        // Every save of this message carries the same Message-ID.
        QVERIFY(drafts(cache).first().second.contains("Message-ID"));
    }

    void aWindowThatDiesLosesAtMostOneInterval()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("cache.sqlite"));
        {
            auto db = store::Database::open(file);
            QVERIFY(db.ok());
            auto *w = new ui::ComposerWindow(*db.value(), {account()});
            w->setAutosaveInterval(150);
            w->findChild<QLineEdit *>(QStringLiteral("subject"))->setText(QStringLiteral("Report"));
            w->findChild<QPlainTextEdit *>(QStringLiteral("body"))->setPlainText(QStringLiteral("the important paragraph"));
            QTRY_VERIFY(w->savedDraftId() > 0);
            // Gone without a close event, as in a crash: no question asked, nothing saved at the end.
            delete w;
        }
        auto db = store::Database::open(file);   // what a restarted Tern finds on disk
        QVERIFY(db.ok());
        QVERIFY(onlyDraftSays(*db.value(), "the important paragraph"));
        QVERIFY(drafts(*db.value()).first().second.contains("Subject: Report"));
    }

    void sendingOrDiscardingLeavesNoDraft()
    {
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db.ok());
        store::Database &cache = *db.value();
        {
            ui::ComposerWindow w(cache, {account()});
            w.setAutosaveInterval(150);
            w.findChild<QLineEdit *>(QStringLiteral("to"))->setText(QStringLiteral("bob@example.test"));
            w.findChild<QPlainTextEdit *>(QStringLiteral("body"))->setPlainText(QStringLiteral("to be sent"));
            QTRY_VERIFY(w.savedDraftId() > 0);
            QVERIFY(w.send());
            QVERIFY(drafts(cache).isEmpty());
            auto outbox = cache.exec(QStringLiteral("SELECT count(*) FROM outbox"));
            QVERIFY(outbox.value().next());
            QCOMPARE(outbox.value().value(0).toInt(), 1);
        }
        // A window opened and left alone saves nothing.
        ui::ComposerWindow idle(cache, {account()});
        idle.setAutosaveInterval(150);
        QTest::qWait(600);
        QCOMPARE(idle.savedDraftId(), 0);
        QVERIFY(drafts(cache).isEmpty());
    }

    // The server's SIZE, learnt at the account's last submission: the size line warns past it.
    void warnsPastTheServersSize()
    {
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db.ok());
        QVERIFY(db.value()->exec(QStringLiteral("INSERT INTO account_state (account, key, value) VALUES ('work', 'smtp-size', '3000')")).ok());
        ui::ComposerWindow w(*db.value(), {account()});
        auto *size = w.findChild<QLabel *>(QStringLiteral("size"));
        auto *body = w.findChild<QPlainTextEdit *>(QStringLiteral("body"));
        body->setPlainText(QString(1000, QLatin1Char('a')));
        QVERIFY2(!size->text().contains(QLatin1String("server accepts")), qPrintable(size->text()));
        body->setPlainText(QString(4000, QLatin1Char('a')));
        QVERIFY2(size->text().contains(QLatin1String("larger than the server accepts")), qPrintable(size->text()));
        // A server that announced no SIZE (0): no warning below Tern's own limit.
        QVERIFY(db.value()->exec(QStringLiteral("UPDATE account_state SET value = '0' WHERE key = 'smtp-size'")).ok());
        body->setPlainText(QString(4001, QLatin1Char('a')));
        QVERIFY2(!size->text().contains(QLatin1String("server accepts")), qPrintable(size->text()));
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestComposerAutosave t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_composer_autosave.moc"

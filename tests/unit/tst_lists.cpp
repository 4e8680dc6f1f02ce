// Mailing lists as they really send mail (Mailman 2 and 3, Google Groups,
// Sympa, LISTSERV: tests/data/lists), a hostile imitation, reply to the list
// through List-Post, and RFC 8058 one-click unsubscription: the exact bytes of
// the HTTPS POST, certificate checked, no cookies, no redirect, bounded time.
#include "HttpsCapture.h"
#include "ScriptedServer.h"
#include "TestPaths.h"
#include "common/Version.h"
#include "lists/KnownLists.h"
#include "lists/ListMutes.h"
#include "lists/MailingList.h"
#include "lists/OneClickUnsubscribe.h"
#include "mime/Composer.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tern;

namespace {

QByteArray mail(const QString &name)
{
    QFile f(QStringLiteral(TERN_TEST_DATA_DIR "/lists/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QList<QSslCertificate> testCa()
{
    return QSslCertificate::fromPath(test::ScriptedServer::caFile());
}

// Runs one unsubscription to the end; the result.
Status unsubscribe(lists::OneClickUnsubscribe &u, const QUrl &url)
{
    QSignalSpy spy(&u, &lists::OneClickUnsubscribe::finished);
    u.start(url);
    if (!spy.wait(20000))
        return Error::io(QStringLiteral("no result"));
    if (spy.at(0).at(0).toBool())
        return success();
    return Error::network(spy.at(0).at(1).toString());
}

} // namespace

class TestLists : public QObject {
    Q_OBJECT
private slots:
    void realListServers_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("shown");
        QTest::addColumn<QString>("post");
        QTest::addColumn<QString>("mailtoUnsubscribe");
        QTest::addColumn<QString>("oneClick");
        QTest::addColumn<QString>("archive");
        QTest::addColumn<QString>("help");
        QTest::newRow("Mailman 2") << "mailman2.eml" << "python-dev.python.org" << "Python core developers"
                                   << "mailto:python-dev@python.org" << "mailto:python-dev-request@python.org?subject=unsubscribe" << ""
                                   << "http://mail.python.org/pipermail/python-dev/" << "mailto:python-dev-request@python.org?subject=help";
        QTest::newRow("Mailman 3") << "mailman3.eml" << "devel.lists.fedoraproject.org" << "Fedora développement"
                                   << "mailto:devel@lists.fedoraproject.org" << "mailto:devel-leave@lists.fedoraproject.org" << ""
                                   << "https://lists.fedoraproject.org/archives/list/devel@lists.fedoraproject.org/"
                                   << "mailto:devel-request@lists.fedoraproject.org?subject=help";
        QTest::newRow("Google Groups") << "googlegroups.eml" << "golang-nuts.googlegroups.com" << "golang-nuts.googlegroups.com"
                                       << "https://groups.google.com/group/golang-nuts/post"
                                       << "mailto:googlegroups-manage+332403668183+unsubscribe@googlegroups.com"
                                       << "https://groups.google.com/group/golang-nuts/subscribe"
                                       << "https://groups.google.com/group/golang-nuts/" << "https://groups.google.com/support/";
        QTest::newRow("Sympa") << "sympa.eml" << "sympa-users.lists.sympa.community" << "sympa-users.lists.sympa.community"
                               << "mailto:sympa-users@lists.sympa.community"
                               << "mailto:sympa@lists.sympa.community?subject=unsubscribe%20sympa-users" << ""
                               << "https://lists.sympa.community/arc/sympa-users" << "mailto:sympa@lists.sympa.community?subject=help";
        QTest::newRow("LISTSERV") << "listserv.eml" << "widgets-l.listserv.example.edu" << "Widget makers discussion" << ""
                                  << "mailto:WIDGETS-L-unsubscribe-request@LISTSERV.EXAMPLE.EDU" << ""
                                  << "https://listserv.example.edu/cgi-bin/wa?LIST=WIDGETS-L"
                                  << "https://listserv.example.edu/cgi-bin/wa?LIST=WIDGETS-L";
    }
    void realListServers()
    {
        QFETCH(QString, file);
        QFETCH(QString, id);
        QFETCH(QString, shown);
        QFETCH(QString, post);
        QFETCH(QString, mailtoUnsubscribe);
        QFETCH(QString, oneClick);
        QFETCH(QString, archive);
        QFETCH(QString, help);
        const QByteArray raw = mail(file);
        QVERIFY(!raw.isEmpty());
        const lists::ListHeaders h = lists::parseListHeaders(raw);
        QVERIFY(h.isList());
        QCOMPARE(h.id.id, id);
        QCOMPARE(h.id.displayName(), shown);
        QCOMPARE(h.post.isEmpty() ? QString() : h.post.first().toString(QUrl::FullyEncoded), post);
        QCOMPARE(h.mailtoUnsubscribe().toString(QUrl::FullyEncoded), mailtoUnsubscribe);
        QCOMPARE(h.oneClickUrl().toString(QUrl::FullyEncoded), oneClick);
        QCOMPARE(h.archive.value(0).toString(QUrl::FullyEncoded), archive);
        QCOMPARE(h.help.value(0).toString(QUrl::FullyEncoded), help);
    }

    void replyToListUsesListPost()
    {
        mime::Responder me;
        me.from.address = QStringLiteral("alice@example.test");
        me.myAddresses << me.from.address;
        const auto to = [&](const char *file) {
            auto d = mime::replyDraft(mail(QLatin1String(file)), mime::ReplyMode::List, me);
            return d && !d.value().to.isEmpty() ? d.value().to.first().address : QString();
        };
        QCOMPARE(to("mailman2.eml"), QStringLiteral("python-dev@python.org"));
        QCOMPARE(to("mailman3.eml"), QStringLiteral("devel@lists.fedoraproject.org"));
        // Google Groups lists a web page first: the mailto: one is where a reply goes.
        QCOMPARE(to("googlegroups.eml"), QStringLiteral("golang-nuts@googlegroups.com"));
        QCOMPARE(to("sympa.eml"), QStringLiteral("sympa-users@lists.sympa.community"));
        // LISTSERV here sends no List-Post (only Reply-To): no guess, an error that says why.
        auto none = mime::replyDraft(mail(QStringLiteral("listserv.eml")), mime::ReplyMode::List, me);
        QVERIFY(!none);
        QVERIFY(none.error().message.contains(QStringLiteral("List-Post")));
    }

    void hostileListHeaders()
    {
        const lists::ListHeaders h = lists::parseListHeaders(mail(QStringLiteral("hostile.eml")));
        QVERIFY(!h.id.isValid());   // an id with a space is no id
        QVERIFY(h.postingClosed);
        // Only the plain http page survives: no javascript:, file:, data:, a URL in a
        // comment, or one carrying credentials; no ftp archive.
        QCOMPARE(h.unsubscribe.size(), 1);
        QCOMPARE(h.unsubscribe.first().toString(), QStringLiteral("http://plain.example/unsub"));
        QVERIFY(h.archive.isEmpty());
        QVERIFY(h.oneClickUrl().isEmpty());   // one-click is HTTPS only
        // Sizes bounded: ten thousand URLs, a megabyte id.
        QByteArray many = "List-Unsubscribe: ";
        for (int i = 0; i < 10000; ++i)
            many += "<https://x.example/" + QByteArray::number(i) + ">, ";
        QVERIFY(lists::parseListUrls(many.mid(18)).size() <= 8);
        QVERIFY(!lists::parseListId("<" + QByteArray(1 << 20, 'a') + ".example>").isValid());
        QCOMPARE(lists::parseListId("<Bare.Id.Example>").id, QStringLiteral("bare.id.example"));
        QCOMPARE(lists::parseListId("plain.id.example").id, QStringLiteral("plain.id.example"));
        QCOMPARE(lists::parseListId("\"Quoted \\\"name\\\"\" <q.example>").name, QStringLiteral("Quoted \"name\""));
    }

    // Grouping by list: each list once by its id (whatever phrase or encoding its
    // messages gave it), its counts, and a condition that selects exactly its mail.
    void knownListsAndTheirMail()
    {
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db);
        store::MessageStore messages(*db.value());
        const auto msg = [](const char *listId, const char *id) {
            QByteArray raw = QByteArray("From: a@example.org\r\nMessage-ID: <") + id + "@x>\r\nSubject: s\r\n";
            if (listId)
                raw += QByteArray("List-Id: ") + listId + "\r\n";
            return raw + "\r\nbody\r\n";
        };
        const QString acc = QStringLiteral("home");
        QList<qint64> dev;
        dev << messages.insert(acc, QStringLiteral("INBOX"), msg("Developers <dev.lists.example.org>", "d1"), QStringLiteral("\\Seen")).value();
        dev << messages.insert(acc, QStringLiteral("Lists"), msg("=?utf-8?q?Entwickler?= <DEV.lists.example.org>", "d2")).value();
        dev << messages.insert(QStringLiteral("work"), QStringLiteral("INBOX"), msg("dev.lists.example.org", "d3")).value();   // bare id
        const qint64 evil = messages.insert(acc, QStringLiteral("INBOX"), msg("Dev <dev.lists.example.org.evil>", "e1")).value();
        const qint64 like = messages.insert(acc, QStringLiteral("INBOX"), msg("<dev_lists%example.org>", "e2")).value();
        messages.insert(acc, QStringLiteral("INBOX"), msg(nullptr, "n1")).value();
        messages.insert(acc, QStringLiteral("INBOX"), msg("<>", "n2")).value();   // no id at all
        QVERIFY(lists::ListMutes(*db.value()).setMuted(QStringLiteral("dev.lists.example.org.evil"), true));

        auto known = lists::knownLists(*db.value());
        QVERIFY(known);
        QCOMPARE(known.value().size(), 3);
        const lists::KnownList &first = known.value().first();   // most messages first
        QCOMPARE(first.id, QStringLiteral("dev.lists.example.org"));
        QCOMPARE(first.messages, 3);
        QCOMPARE(first.unread, 2);
        QCOMPARE(first.name, QStringLiteral("dev.lists.example.org"));   // the newest message's (the bare id)
        QVERIFY(!first.muted);
        bool evilMuted = false;
        for (const auto &k : known.value())
            if (k.id == QStringLiteral("dev.lists.example.org.evil"))
                evilMuted = k.muted;
        QVERIFY(evilMuted);

        const auto select = [&](const QString &id) {
            const lists::ListCondition c = lists::listCondition(id);
            QList<qint64> out;
            auto q = db.value()->exec(QStringLiteral("SELECT m.id FROM messages m WHERE ") + c.sql + QStringLiteral(" ORDER BY m.id"), c.binds);
            while (q && q.value().next())
                out << q.value().value(0).toLongLong();
            return out;
        };
        QCOMPARE(select(QStringLiteral("dev.lists.example.org")), dev);
        QCOMPARE(select(QStringLiteral("Dev.Lists.Example.Org")), dev);
        QCOMPARE(select(QStringLiteral("dev.lists.example.org.evil")), QList<qint64>{evil});
        QCOMPARE(select(QStringLiteral("dev_lists%example.org")), QList<qint64>{like});   // LIKE's wildcards are literal
        QCOMPARE(select(QStringLiteral("dev.lists")), QList<qint64>{});
        QCOMPARE(select(QString()), QList<qint64>{});
    }

    void mutedListsNewMailArrivesRead()
    {
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db);
        store::MessageStore messages(*db.value());
        const QString acc = QStringLiteral("home"), inbox = QStringLiteral("INBOX");
        const QByteArray mailman = mail(QStringLiteral("mailman2.eml")), sympa = mail(QStringLiteral("sympa.eml"));
        const auto flagsOf = [&](qint64 id) {
            auto q = db.value()->exec(QStringLiteral("SELECT flags FROM messages WHERE id = ?"), {id});
            return q && q.value().next() ? q.value().value(0).toString() : QStringLiteral("?");
        };
        const qint64 before = messages.insert(acc, inbox, mailman).value();
        lists::ListMutes mutes(*db.value());
        QVERIFY(mutes.setMuted(QStringLiteral("Python-Dev.python.org"), true));
        QVERIFY(mutes.isMuted(QStringLiteral("python-dev.python.org")));
        const qint64 muted = messages.insert(acc, inbox, mailman).value();
        const qint64 other = messages.insert(acc, inbox, sympa).value();
        auto marked = mutes.apply();
        QVERIFY(marked);
        QCOMPARE(marked.value(), 1);
        QCOMPARE(flagsOf(muted), QStringLiteral("\\Seen"));   // new mail of the muted list: read
        QCOMPARE(flagsOf(before), QString());                   // mail from before the mute: untouched
        QCOMPARE(flagsOf(other), QString());                    // another list: untouched
        QCOMPARE(mutes.apply().value(), 0);                     // nothing new: nothing marked
        // An IMAP message is marked through the offline journal, so the server hears of it.
        QVERIFY(db.value()->exec(QStringLiteral("UPDATE messages SET uid = 77 WHERE id = ?"), {other}));
        QVERIFY(mutes.setMuted(QStringLiteral("sympa-users.lists.sympa.community"), true));
        QVERIFY(db.value()->exec(QStringLiteral("UPDATE account_state SET value = 0 WHERE key LIKE 'muted-list:sympa%'")));
        QCOMPARE(mutes.apply().value(), 1);
        QCOMPARE(flagsOf(other), QStringLiteral("\\Seen"));
        auto journal = db.value()->exec(QStringLiteral("SELECT op, uid, arg FROM journal"));
        QVERIFY(journal && journal.value().next());
        QCOMPARE(journal.value().value(0).toString(), QStringLiteral("flag"));
        QCOMPARE(journal.value().value(1).toLongLong(), 77);
        QCOMPARE(journal.value().value(2).toString(), QStringLiteral("+\\Seen"));
        // Unmuted: new mail stays unread.
        QVERIFY(mutes.setMuted(QStringLiteral("python-dev.python.org"), false));
        const qint64 after = messages.insert(acc, inbox, mailman).value();
        QCOMPARE(mutes.apply().value(), 0);
        QCOMPARE(flagsOf(after), QString());
    }

    void oneClickPostsExactlyThis()
    {
        test::HttpsCapture server;
        QVERIFY(server.start());
        // The first answer tries to set a cookie: the second request must not carry it.
        server.setResponse("HTTP/1.1 200 OK\r\nSet-Cookie: session=secret; Path=/\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        lists::OneClickUnsubscribe u;
        u.setCaCertificates(testCa());
        const QUrl url(QStringLiteral("https://localhost:%1/unsubscribe/opaque-token?l=dev").arg(server.port()));
        const Status first = unsubscribe(u, url);
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
        QCOMPARE(server.requests().size(), 1);
        // The whole request, byte for byte: the prescribed body and type, and
        // nothing about the reader (no cookie, credentials, referrer or languages).
        const QByteArray expected = "POST /unsubscribe/opaque-token?l=dev HTTP/1.1\r\n"
                                    "Host: localhost:" + QByteArray::number(server.port()) + "\r\n"
                                    "Content-Type: application/x-www-form-urlencoded\r\n"
                                    "User-Agent: Tern/" + QByteArray(kVersion) + "\r\n"
                                    "Accept-Language: *\r\n"
                                    "Content-Length: 26\r\n"
                                    "Connection: Keep-Alive\r\n"
                                    "Accept-Encoding: zstd, br, gzip, deflate\r\n"
                                    "\r\n"
                                    "List-Unsubscribe=One-Click";
        const QByteArray got = server.requests().at(0);
        QCOMPARE(got, expected);
        const QByteArray lower = got.toLower();
        for (const char *never : {"cookie:", "authorization:", "referer:"})
            QVERIFY2(!lower.contains(never), got.constData());
        lists::OneClickUnsubscribe again;
        again.setCaCertificates(testCa());
        QVERIFY(unsubscribe(u, url).ok());
        QCOMPARE(server.requests().size(), 2);
        QVERIFY2(!server.requests().at(1).toLower().contains("cookie"), server.requests().at(1).constData());
        qInfo("the request:\n%s", got.constData());
    }

    void oneClickRefusals()
    {
        test::HttpsCapture server;
        QVERIFY(server.start());
        // Not HTTPS, or credentials in the URL: refused before any connection.
        lists::OneClickUnsubscribe u;
        u.setCaCertificates(testCa());
        QVERIFY(!unsubscribe(u, QUrl(QStringLiteral("http://localhost:%1/u").arg(server.port()))));
        QVERIFY(!unsubscribe(u, QUrl(QStringLiteral("https://me:pw@localhost:%1/u").arg(server.port()))));
        QCOMPARE(server.connections(), 0);
        // A certificate the system does not trust (the test CA is not given): nothing sent.
        lists::OneClickUnsubscribe untrusting;
        const Status tls = unsubscribe(untrusting, QUrl(QStringLiteral("https://localhost:%1/u").arg(server.port())));
        QVERIFY(!tls);
        QCOMPARE(server.requests().size(), 0);
        // A redirect is not followed (RFC 8058 §3.1).
        server.setResponse("HTTP/1.1 302 Found\r\nLocation: https://elsewhere.example/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        const Status moved = unsubscribe(u, QUrl(QStringLiteral("https://localhost:%1/u").arg(server.port())));
        QVERIFY(!moved);
        QVERIFY(moved.error().message.contains(QStringLiteral("redirect")));
        QCOMPARE(server.requests().size(), 1);
        // An error status is a failure the user sees.
        server.setResponse("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        const Status oops = unsubscribe(u, QUrl(QStringLiteral("https://localhost:%1/u").arg(server.port())));
        QVERIFY(!oops);
        QVERIFY(oops.error().message.contains(QStringLiteral("500")));
    }

    void oneClickTimeBounded()
    {
        test::HttpsCapture server;
        QVERIFY(server.start());
        server.setResponse({});   // takes the request, never answers
        lists::OneClickUnsubscribe u;
        u.setCaCertificates(testCa());
        u.setTimeout(1500);
        QElapsedTimer timer;
        timer.start();
        const Status s = unsubscribe(u, QUrl(QStringLiteral("https://127.0.0.1:%1/u").arg(server.port())));
        QVERIFY(!s);
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(server.requests().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestLists)
#include "tst_lists.moc"

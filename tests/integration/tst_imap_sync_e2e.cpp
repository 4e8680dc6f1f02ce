// IMAP sync against the demo Dovecot: a 5,000-message folder synced (online
// account: headers first, a body when it is read), changes made by a second
// client picked up incrementally, offline work replayed exactly once; a
// disconnected account keeping bodies under its per-folder policy, its first
// sync killed at random moments and converging.
#include "LineClient.h"
#include "MailSystem.h"
#include "TernProcess.h"

#include "store/Database.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace tern;
using namespace tern::test;

class TestImapSyncE2e : public QObject {
    Q_OBJECT
    MailSystem m_mail;
    QTemporaryDir m_dir;
    QString m_profile;
    QProcessEnvironment m_env;

    QString tern(const QStringList &args, int *code = nullptr)
    {
        const TernRun r = runTern(QStringList{QStringLiteral("--profile"), m_profile} + args, m_env, 300000);
        if (code)
            *code = r.code;
        return r.out + r.err;
    }

    // Five random moments in the first 400 ms (a whole sync here takes a few hundred),
    // in rising order, so each kill lands further into what the previous run left.
    static QList<int> randomMoments()
    {
        QList<int> ms;
        for (int i = 0; i < 5; ++i)
            ms << 40 + int(QRandomGenerator::global()->bounded(360));
        std::sort(ms.begin(), ms.end());
        return ms;
    }

    void kill9(const QStringList &args, int ms)
    {
        runTernKilledAfter(QStringList{QStringLiteral("--profile"), m_profile} + args, m_env, ms);
    }

    // A second client: logs in as bob and runs commands in "Big".
    QList<QByteArray> bob(const QList<QByteArray> &commands)
    {
        LineClient c(m_mail.caFile);
        if (!c.connectTls(m_mail.host, m_mail.imapsPort))
            return {"connect failed"};
        c.readLine();
        c.writeLine("a LOGIN bob \"" + m_mail.passwords.value(QStringLiteral("bob")).toUtf8() + "\"");
        c.readUntil([](const QByteArray &l) { return l.startsWith("a "); });
        c.writeLine("b SELECT Big");
        c.readUntil([](const QByteArray &l) { return l.startsWith("b "); });
        QList<QByteArray> all;
        int n = 0;
        for (const QByteArray &cmd : commands) {
            const QByteArray tag = "c" + QByteArray::number(n++);
            if (cmd.startsWith("APPEND ")) {   // APPEND with a literal: "APPEND<space>message"
                const QByteArray msg = cmd.mid(7);
                c.writeLine(tag + " APPEND Big {" + QByteArray::number(msg.size()) + "+}");
                c.writeRaw(msg + "\r\n");
            } else {
                c.writeLine(tag + ' ' + cmd);
            }
            all += c.readUntil([&](const QByteArray &l) { return l.startsWith(tag + ' '); }, 60000);
        }
        c.writeLine("z LOGOUT");
        return all;
    }

    qint64 cached(const QString &where = QStringLiteral("1"))
    {
        auto db = store::Database::open(m_profile + QStringLiteral("/cache/cache.sqlite"));
        auto q = db.value()->exec(QStringLiteral("SELECT count(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                                 "WHERE b.account = 'bob' AND b.name = 'Big' AND ") + where);
        q.value().next();
        return q.value().value(0).toLongLong();
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TERN_MAIL_SYSTEM_DIR"))
            QSKIP("TERN_MAIL_SYSTEM_DIR is not set: run through ctest, whose fixture starts the demo mail system");
        QString why;
        QVERIFY2(MailSystem::load(m_mail, why), qPrintable(why));
        m_profile = m_dir.filePath(QStringLiteral("profile"));
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("BOB_PASSWORD"), m_mail.passwords.value(QStringLiteral("bob")));
        QProcess seed;
        seed.start(qEnvironmentVariable("TERN_MAIL_SYSTEM_SCRIPT"),
                   {QStringLiteral("seed"), m_mail.dir, QStringLiteral("--user"), QStringLiteral("bob"), QStringLiteral("--count"),
                    QStringLiteral("5000"), QStringLiteral("--folder"), QStringLiteral("Big")});
        QVERIFY(seed.waitForFinished(120000));
        QCOMPARE(seed.exitCode(), 0);
        int code = -1;
        const QString out = tern({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("bob"), QStringLiteral("--imap"),
                                  QStringLiteral("imaps://bob@127.0.0.1:%1").arg(m_mail.imapsPort), QStringLiteral("--smtp"),
                                  QStringLiteral("smtps://bob@127.0.0.1:%1").arg(m_mail.smtpsPort), QStringLiteral("--ca-file"),
                                  m_mail.caFile, QStringLiteral("--password-env"), QStringLiteral("BOB_PASSWORD"),
                                  QStringLiteral("--mode"), QStringLiteral("online")}, &code);
        QVERIFY2(code == 0, qPrintable(out));
    }

    void firstSyncOfFiveThousandSurvivesKill9()
    {
        // Killed at several moments of the first sync, then run to the end: the
        // cache converges to the server's state, nothing twice.
        QStringList progress;
        for (int ms : randomMoments()) {
            kill9({QStringLiteral("sync"), QStringLiteral("bob")}, ms);
            progress << QStringLiteral("%1 at %2 ms").arg(QFile::exists(m_profile + QStringLiteral("/cache/cache.sqlite")) ? cached() : 0).arg(ms);
        }
        qInfo("cached after each kill: %s of 5000", qPrintable(progress.join(QStringLiteral(", "))));
        int code = -1;
        const QString out = tern({QStringLiteral("sync"), QStringLiteral("bob")}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        QCOMPARE(cached(), 5000);
        QCOMPARE(cached(QStringLiteral("m.uid IN (SELECT uid FROM messages m2 WHERE m2.mailbox_id = m.mailbox_id GROUP BY uid HAVING count(*) > 1)")), 0);
        // Every third seeded message is unread (i % 3 == 0), every 17th flagged.
        QCOMPARE(cached(QStringLiteral("m.flags NOT LIKE '%\\Seen%'")), 1667);
        QCOMPARE(cached(QStringLiteral("m.flags LIKE '%\\Flagged%'")), 295);
        QCOMPARE(cached(QStringLiteral("m.subject LIKE '%#4999' OR m.message_id = '<seed-4999@example.test>'")), 1);
        const QString folders = tern({QStringLiteral("folders"), QStringLiteral("bob")});
        QVERIFY2(folders.contains(QStringLiteral("Big\t5000\t1667 unread")), qPrintable(folders));
    }

    void secondClientChangesArePickedUp()
    {
        const auto changes = bob({"UID STORE 1:10 +FLAGS (\\Flagged)", "UID STORE 20 -FLAGS (\\Seen)",
                                  "UID STORE 101:105 +FLAGS (\\Deleted)", "EXPUNGE",
                                  "APPEND From: x@example.test\r\nSubject: fresh one\r\nMessage-ID: <fresh-1@example.test>\r\n\r\nhi"});
        QVERIFY2(!changes.join('\n').contains(" NO ") && !changes.join('\n').contains(" BAD "), changes.join('\n').constData());
        int code = -1;
        const QString out = tern({QStringLiteral("sync"), QStringLiteral("bob")}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("1 new")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("5 removed")), qPrintable(out));
        QCOMPARE(cached(), 4996);
        QCOMPARE(cached(QStringLiteral("m.uid BETWEEN 101 AND 105")), 0);
        QCOMPARE(cached(QStringLiteral("m.uid <= 10 AND m.flags LIKE '%\\Flagged%'")), 10);
        QCOMPARE(cached(QStringLiteral("m.uid = 20 AND m.flags NOT LIKE '%\\Seen%'")), 1);
        QCOMPARE(cached(QStringLiteral("m.subject = 'fresh one'")), 1);
        // A body is fetched when asked for, with BODY.PEEK (it stays unread), and kept.
        const QString shown = tern({QStringLiteral("show"), QStringLiteral("bob"), QStringLiteral("Big"), QStringLiteral("3"), QStringLiteral("--verbose")});
        QVERIFY2(shown.contains(QStringLiteral("Message-ID: <seed-2@example.test>")), qPrintable(shown.left(2000)));
        QVERIFY(shown.contains(QStringLiteral("BODY.PEEK[]")));
        QVERIFY2(shown.contains(QStringLiteral("C: t1 AUTHENTICATE SCRAM-SHA-256")), qPrintable(shown.left(600)));
        QVERIFY(!shown.contains(m_mail.passwords.value(QStringLiteral("bob"))));
        QCOMPARE(cached(QStringLiteral("m.uid = 3 AND m.id IN (SELECT message_id FROM bodies)")), 1);
        const QString again2 = tern({QStringLiteral("show"), QStringLiteral("bob"), QStringLiteral("Big"), QStringLiteral("3"), QStringLiteral("--verbose")});
        QVERIFY(!again2.contains(QStringLiteral("C: t1")));   // from the cache, no connection
        // A resync with nothing new changes nothing.
        const QString again = tern({QStringLiteral("sync"), QStringLiteral("bob")});
        QVERIFY2(again.contains(QStringLiteral("0 new, 0 flag changes, 0 removed")), qPrintable(again));
        // Dovecot's COMPRESS=DEFLATE (imap_zlib): a compressed session syncs the same.
        bob({"UID STORE 40 +FLAGS (\\Answered)"});
        const QString squeezed = tern({QStringLiteral("sync"), QStringLiteral("bob"), QStringLiteral("--compress"), QStringLiteral("--verbose")}, &code);
        QVERIFY2(code == 0 && squeezed.contains(QStringLiteral("C: t2 COMPRESS DEFLATE")) && squeezed.contains(QStringLiteral("1 flag changes")),
                 qPrintable(squeezed.right(1500)));
        QCOMPARE(cached(QStringLiteral("m.uid = 40 AND m.flags LIKE '%\\Answered%'")), 1);
    }

    void watchPicksUpNewMailThroughIdle()
    {
        // tern watch: IDLE on Dovecot; a message delivered meanwhile is synchronised at once.
        QProcess watch;
        watch.setProcessEnvironment(m_env);
        watch.setProgram(QStringLiteral(TERN_BIN_DIR "/tern"));
        watch.setArguments({QStringLiteral("--profile"), m_profile, QStringLiteral("watch"), QStringLiteral("bob"), QStringLiteral("Big"),
                            QStringLiteral("--once")});
        watch.setStandardInputFile(QProcess::nullDevice());
        watch.start();
        QString err;
        QVERIFY(QTest::qWaitFor([&] {
            err += QString::fromUtf8(watch.readAllStandardError());
            return err.contains(QStringLiteral("watching Big (IDLE)")) || watch.state() == QProcess::NotRunning;
        }, 30000));
        QVERIFY2(err.contains(QStringLiteral("watching Big (IDLE)")), qPrintable(err));
        const auto appended = bob({"APPEND From: x@example.test\r\nSubject: pushed by idle\r\nMessage-ID: <idle-1@example.test>\r\n\r\nhi"});
        QVERIFY2(!appended.join('\n').contains(" NO "), appended.join('\n').constData());
        QVERIFY2(watch.waitForFinished(30000), qPrintable(err + QString::fromUtf8(watch.readAllStandardError())));
        QCOMPARE(watch.exitCode(), 0);
        QCOMPARE(cached(QStringLiteral("m.subject = 'pushed by idle'")), 1);
    }

    void offlineActionsLandOnTheServerExactlyOnce()
    {
        // Dovecot goes away: the sync fails, but flag, move and delete still work here.
        const QString conf = m_mail.dir + QStringLiteral("/dovecot/dovecot.conf");
        QCOMPARE(QProcess::execute(QStringLiteral("doveadm"), {QStringLiteral("-c"), conf, QStringLiteral("stop")}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!LineClient(m_mail.caFile).connectTls(m_mail.host, m_mail.imapsPort), 10000);
        int code = -1;
        const QString failed = tern({QStringLiteral("sync"), QStringLiteral("bob")}, &code);
        QVERIFY2(code != 0, qPrintable(failed));
        QCOMPARE(tern({QStringLiteral("flag"), QStringLiteral("bob"), QStringLiteral("Big"), QStringLiteral("30"), QStringLiteral("+\\Flagged")}, &code).isEmpty(), false);
        QCOMPARE(code, 0);
        tern({QStringLiteral("flag"), QStringLiteral("bob"), QStringLiteral("Big"), QStringLiteral("31"), QStringLiteral("+\\Seen")}, &code);
        QCOMPARE(code, 0);
        tern({QStringLiteral("move"), QStringLiteral("bob"), QStringLiteral("Big"), QStringLiteral("32"), QStringLiteral("Archive")}, &code);
        QCOMPARE(code, 0);
        tern({QStringLiteral("delete"), QStringLiteral("bob"), QStringLiteral("Big"), QStringLiteral("33")}, &code);
        QCOMPARE(code, 0);
        tern({QStringLiteral("copy"), QStringLiteral("bob"), QStringLiteral("Big"), QStringLiteral("34"), QStringLiteral("Archive")}, &code);
        QCOMPARE(code, 0);
        tern({QStringLiteral("flag"), QStringLiteral("bob"), QStringLiteral("Big"), QStringLiteral("35"), QStringLiteral("+\\Deleted")}, &code);
        QCOMPARE(code, 0);
        QVERIFY(tern({QStringLiteral("expunge"), QStringLiteral("bob"), QStringLiteral("Big")}, &code).contains(QStringLiteral("1 message(s) expunged")));
        tern({QStringLiteral("folder"), QStringLiteral("create"), QStringLiteral("bob"), QStringLiteral("Projects")}, &code);
        QCOMPARE(code, 0);
        const QString draftFile = m_dir.filePath(QStringLiteral("draft.eml"));
        {
            QFile f(draftFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("From: bob@example.test\r\nTo: alice@example.test\r\nSubject: written offline\r\n"
                    "Message-ID: <offline-draft-1@example.test>\r\n\r\nDraft text.\r\n");
        }
        QVERIFY(tern({QStringLiteral("draft"), QStringLiteral("bob"), draftFile}, &code).contains(QStringLiteral("saved in Drafts")));
        QCOMPARE(code, 0);
        QCOMPARE(cached(QStringLiteral("m.uid = 30 AND m.flags LIKE '%\\Flagged%'")), 1);   // shown at once
        QCOMPARE(cached(QStringLiteral("m.uid IN (32, 33, 35)")), 0);
        QVERIFY(tern({QStringLiteral("journal"), QStringLiteral("bob")}).count(QStringLiteral("pending")) == 9);

        // Dovecot is back: the journal replays in order, exactly once.
        {
            // Detached, with no inherited output: CTest waits for every holder of its pipe.
            QProcess d;
            d.setProgram(QStringLiteral("dovecot"));
            d.setArguments({QStringLiteral("-c"), conf});
            d.setStandardInputFile(QProcess::nullDevice());
            d.setStandardOutputFile(QProcess::nullDevice());
            d.setStandardErrorFile(QProcess::nullDevice());
            QVERIFY(d.startDetached());
        }
        QTRY_VERIFY_WITH_TIMEOUT(LineClient(m_mail.caFile).connectTls(m_mail.host, m_mail.imapsPort), 15000);
        const QString out = tern({QStringLiteral("sync"), QStringLiteral("bob")}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("9 offline actions replayed, 0 refused")), qPrintable(out));
        const QByteArray server = bob({"UID FETCH 30:35 (UID FLAGS)", "UID SEARCH HEADER Message-ID \"<seed-31@example.test>\""}).join('\n');
        auto flagsOf = [&](const QByteArray &uid) {
            for (const QByteArray &l : server.split('\n'))
                if (l.contains("(UID " + uid + " FLAGS"))
                    return l;
            return QByteArray();
        };
        QVERIFY2(flagsOf("30").contains("\\Flagged"), server.constData());
        QVERIFY2(flagsOf("31").contains("\\Seen"), server.constData());
        QVERIFY2(!server.contains("UID 32 ") && !server.contains("UID 33 "), server.constData());   // moved away, deleted
        QVERIFY2(server.contains("UID 34 ") && !server.contains("UID 35 "), server.constData());     // copied (still here), expunged
        LineClient c(m_mail.caFile);
        QVERIFY(c.connectTls(m_mail.host, m_mail.imapsPort));
        c.readLine();
        c.writeLine("a LOGIN bob \"" + m_mail.passwords.value(QStringLiteral("bob")).toUtf8() + "\"");
        c.readUntil([](const QByteArray &l) { return l.startsWith("a "); });
        c.writeLine("b EXAMINE Archive");
        c.readUntil([](const QByteArray &l) { return l.startsWith("b "); });
        c.writeLine("c UID SEARCH HEADER Message-ID \"<seed-31@example.test>\"");
        const QByteArray found = c.readUntil([](const QByteArray &l) { return l.startsWith("c "); }).join('\n');
        QCOMPARE(found.count("* SEARCH ") , 1);
        QVERIFY2(found.split('\n').first().split(' ').size() == 3, found.constData());   // exactly one copy in Archive
        // The copy, the draft (exactly once) and the new folder are on the server.
        auto search = [&](const QByteArray &box, const QByteArray &messageId) {
            c.writeLine("d EXAMINE " + box);
            c.readUntil([](const QByteArray &l) { return l.startsWith("d "); });
            c.writeLine("e UID SEARCH HEADER Message-ID \"" + messageId + '"');
            const QByteArray r = c.readUntil([](const QByteArray &l) { return l.startsWith("e "); }).join('\n');
            return r.split('\n').first().split(' ').size() - 2;   // "* SEARCH uid..."
        };
        QCOMPARE(search("Archive", "<seed-33@example.test>"), 1);
        QCOMPARE(search("Drafts", "<offline-draft-1@example.test>"), 1);
        c.writeLine("f LIST \"\" Projects");
        QVERIFY(c.readUntil([](const QByteArray &l) { return l.startsWith("f "); }).join('\n').contains("Projects"));
        // The moved row in the cache now carries its new UID, and a resync adds no second copy.
        tern({QStringLiteral("sync"), QStringLiteral("bob")}, &code);
        auto db = store::Database::open(m_profile + QStringLiteral("/cache/cache.sqlite"));
        auto q = db.value()->exec(QStringLiteral("SELECT count(*), min(m.uid) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                                 "WHERE b.account = 'bob' AND b.name = 'Archive' AND m.message_id = '<seed-31@example.test>'"));
        q.value().next();
        QCOMPARE(q.value().value(0).toInt(), 1);
        QVERIFY(q.value().value(1).toLongLong() > 0);
        QVERIFY(!tern({QStringLiteral("journal"), QStringLiteral("bob")}).contains(QStringLiteral("pending")));
    }

    void disconnectedAccountKeepsBodiesUnderItsPolicyAndSurvivesKill9()
    {
        for (const auto &[folder, count] : {std::pair{QStringLiteral("Offline"), QStringLiteral("2000")},
                                            std::pair{QStringLiteral("Lists"), QStringLiteral("300")}}) {
            QProcess seed;
            seed.start(qEnvironmentVariable("TERN_MAIL_SYSTEM_SCRIPT"),
                       {QStringLiteral("seed"), m_mail.dir, QStringLiteral("--user"), QStringLiteral("carol"), QStringLiteral("--count"),
                        count, QStringLiteral("--folder"), folder});
            QVERIFY(seed.waitForFinished(120000));
            QCOMPARE(seed.exitCode(), 0);
        }
        m_env.insert(QStringLiteral("CAROL_PASSWORD"), m_mail.passwords.value(QStringLiteral("carol")));
        int code = -1;
        QString out = tern({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("carol"), QStringLiteral("--imap"),
                            QStringLiteral("imaps://carol@127.0.0.1:%1").arg(m_mail.imapsPort), QStringLiteral("--smtp"),
                            QStringLiteral("smtps://carol@127.0.0.1:%1").arg(m_mail.smtpsPort), QStringLiteral("--ca-file"),
                            m_mail.caFile, QStringLiteral("--password-env"), QStringLiteral("CAROL_PASSWORD"),
                            QStringLiteral("--mode"), QStringLiteral("disconnected")}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        // Per folder: INBOX (the POP3 tests' mailbox) not at all, Lists headers only, the rest everything.
        tern({QStringLiteral("policy"), QStringLiteral("carol"), QStringLiteral("INBOX"), QStringLiteral("skip")}, &code);
        QCOMPARE(code, 0);
        out = tern({QStringLiteral("policy"), QStringLiteral("carol"), QStringLiteral("Lists"), QStringLiteral("headers")}, &code);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(QStringLiteral("carol\tall\t(account, disconnected mode)")), qPrintable(out));
        QVERIFY(!tern({QStringLiteral("policy"), QStringLiteral("carol"), QStringLiteral("Lists"), QStringLiteral("sometimes")}, &code).isEmpty());
        QCOMPARE(code, 2);

        auto count = [&](const QString &folder, const QString &where) {
            auto db = store::Database::open(m_profile + QStringLiteral("/cache/cache.sqlite"));
            auto q = db.value()->exec(QStringLiteral("SELECT count(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                                     "WHERE b.account = 'carol' AND b.name = ? AND ") + where, {folder});
            q.value().next();
            return q.value().value(0).toLongLong();
        };
        const QString hasBody = QStringLiteral("m.id IN (SELECT message_id FROM bodies)");
        QStringList progress;
        for (int ms : randomMoments()) {
            kill9({QStringLiteral("sync"), QStringLiteral("carol")}, ms);
            progress << QStringLiteral("%1 at %2 ms").arg(count(QStringLiteral("Offline"), hasBody)).arg(ms);
        }
        qInfo("Offline bodies after each kill: %s of 2000", qPrintable(progress.join(QStringLiteral(", "))));
        out = tern({QStringLiteral("sync"), QStringLiteral("carol")}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        QCOMPARE(count(QStringLiteral("Offline"), QStringLiteral("1")), 2000);
        QCOMPARE(count(QStringLiteral("Offline"), hasBody), 2000);
        QCOMPARE(count(QStringLiteral("Offline"), QStringLiteral("m.uid IN (SELECT uid FROM messages m2 WHERE m2.mailbox_id = m.mailbox_id "
                                                                  "GROUP BY uid HAVING count(*) > 1)")), 0);
        // Each body is its own message's.
        QCOMPARE(count(QStringLiteral("Offline"), QStringLiteral("m.id IN (SELECT message_id FROM bodies x WHERE instr(x.raw, m.message_id) = 0)")), 0);
        QCOMPARE(count(QStringLiteral("Lists"), QStringLiteral("1")), 300);
        QCOMPARE(count(QStringLiteral("Lists"), hasBody), 0);
        QCOMPARE(count(QStringLiteral("INBOX"), QStringLiteral("1")), 0);
        // Read with no connection: the body is here.
        const QString shown = tern({QStringLiteral("show"), QStringLiteral("carol"), QStringLiteral("Offline"), QStringLiteral("5"), QStringLiteral("--verbose")}, &code);
        QCOMPARE(code, 0);
        QVERIFY2(shown.contains(QStringLiteral("Message-ID: <seed-4@example.test>")) && !shown.contains(QStringLiteral("C: t1")), qPrintable(shown.left(500)));
        // The policy changes: Lists' bodies come with the next sync, nothing else moves.
        tern({QStringLiteral("policy"), QStringLiteral("carol"), QStringLiteral("Lists"), QStringLiteral("inherit")}, &code);
        QCOMPARE(code, 0);
        out = tern({QStringLiteral("sync"), QStringLiteral("carol")}, &code);
        QVERIFY2(code == 0 && out.contains(QStringLiteral("0 new, 0 flag changes, 0 removed, 300 bodies downloaded")), qPrintable(out));
        QCOMPARE(count(QStringLiteral("Lists"), hasBody), 300);
        out = tern({QStringLiteral("sync"), QStringLiteral("carol")}, &code);
        QVERIFY2(code == 0 && out.contains(QStringLiteral("0 new, 0 flag changes, 0 removed, 0 bodies downloaded")), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestImapSyncE2e)
#include "tst_imap_sync_e2e.moc"

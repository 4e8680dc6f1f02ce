// POP3 and SMTP end to end, through the tern command line, against the demo
// Postfix and Dovecot: a message sent to list@example.test reaches every
// member over POP3 and over IMAP; kill -9 in the middle of a POP3 download
// (delete after download) and in the middle of sending loses and duplicates
// nothing.
#include "LineClient.h"
#include "MailSystem.h"
#include "TernProcess.h"

#include "store/Database.h"
#include "store/MessageStore.h"
#include "store/OutboxStore.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace tern;
using namespace tern::test;

using Run = TernRun;

class TestPop3SmtpE2e : public QObject {
    Q_OBJECT
    MailSystem m_mail;
    QTemporaryDir m_dir;
    QString m_profile;
    QProcessEnvironment m_env;

    Run tern(const QStringList &args, int timeoutMs = 180000)
    {
        return runTern(QStringList{QStringLiteral("--profile"), m_profile} + args, m_env, timeoutMs);
    }

    void ternKilledAfter(const QStringList &args, int ms)
    {
        runTernKilledAfter(QStringList{QStringLiteral("--profile"), m_profile} + args, m_env, ms);
    }

    void addAccount(const QString &user, const QStringList &extra)
    {
        const Run r = tern(QStringList{QStringLiteral("account"), QStringLiteral("add"), user, QStringLiteral("--address"),
                                       user + QStringLiteral("@example.test"), QStringLiteral("--ca-file"), m_mail.caFile,
                                       QStringLiteral("--password-env"), user.toUpper() + QStringLiteral("_PASSWORD")} + extra);
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    std::unique_ptr<store::Database> cache()
    {
        return std::move(store::Database::open(m_profile + QStringLiteral("/cache/cache.sqlite")).value());
    }

    QStringList subjectsInCache(const QString &account)
    {
        QStringList out;
        auto db = cache();
        for (const auto &m : store::MessageStore(*db).list(account, QStringLiteral("INBOX")).value())
            out << m.subject;
        return out;
    }

    QByteArray writeMessage(const QString &to, const QString &subject)
    {
        const QString file = m_dir.filePath(subject + QStringLiteral(".eml"));
        QFile f(file);
        f.open(QIODevice::WriteOnly);
        f.write("From: Alice <alice@example.test>\r\nTo: " + to.toUtf8() + "\r\nSubject: " + subject.toUtf8() +
                "\r\nMessage-ID: <" + subject.toUtf8() + "@example.test>\r\nDate: " +
                QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toUtf8() + "\r\n\r\nHello from the e2e test.\r\n");
        return QFile::encodeName(file);
    }

    // Subjects in a user's INBOX over IMAP that contain `token`, one entry per message.
    QStringList imapSubjects(const QString &user, const QString &token, const QByteArray &mailbox = "INBOX")
    {
        LineClient c(m_mail.caFile);
        if (!c.connectTls(m_mail.host, m_mail.imapsPort) || !c.readLine().startsWith("* OK"))
            return {QStringLiteral("<connect failed>")};
        c.writeLine("a LOGIN " + user.toUtf8() + " \"" + m_mail.passwords.value(user).toUtf8() + "\"");
        c.readUntil([](const QByteArray &l) { return l.startsWith("a "); });
        c.writeLine("b EXAMINE " + mailbox);
        c.readUntil([](const QByteArray &l) { return l.startsWith("b "); });
        c.writeLine("c UID SEARCH SUBJECT \"" + token.toUtf8() + "\"");
        QByteArray uids;
        for (const QByteArray &l : c.readUntil([](const QByteArray &l) { return l.startsWith("c "); }))
            if (l.startsWith("* SEARCH"))
                uids = l.mid(8).trimmed().replace(' ', ',');
        QStringList out;
        if (uids.isEmpty())
            return out;
        c.writeLine("d UID FETCH " + uids + " (BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
        for (const QByteArray &l : c.readUntil([](const QByteArray &l) { return l.startsWith("d "); }, 60000))
            if (l.startsWith("Subject: "))
                out << QString::fromUtf8(l.mid(9));
        c.writeLine("z LOGOUT");
        return out;
    }

    int pop3MessageCount(const QString &user)
    {
        LineClient c(m_mail.caFile);
        if (!c.connectTls(m_mail.host, m_mail.pop3sPort))
            return -1;
        c.readLine();
        c.writeLine("USER " + user.toUtf8());
        c.readLine();
        c.writeLine("PASS " + m_mail.passwords.value(user).toUtf8());
        if (!c.readLine().startsWith("+OK"))
            return -1;
        c.writeLine("STAT");
        const int n = c.readLine().split(' ').value(1).toInt();
        c.writeLine("QUIT");
        return n;
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
        for (auto it = m_mail.passwords.cbegin(); it != m_mail.passwords.cend(); ++it)
            m_env.insert(it.key().toUpper() + QStringLiteral("_PASSWORD"), it.value());
        const QString h = QStringLiteral("127.0.0.1");
        addAccount(QStringLiteral("alice"), {QStringLiteral("--pop3"), QStringLiteral("pop3s://alice@%1:%2").arg(h).arg(m_mail.pop3sPort),
                                             QStringLiteral("--smtp"), QStringLiteral("smtps://alice@%1:%2").arg(h).arg(m_mail.smtpsPort)});
        addAccount(QStringLiteral("bob"), {QStringLiteral("--pop3"), QStringLiteral("pop3://bob@%1:%2").arg(h).arg(m_mail.pop3Port),
                                           QStringLiteral("--smtp"), QStringLiteral("smtp://bob@%1:%2").arg(h).arg(m_mail.submissionPort)});
        addAccount(QStringLiteral("carol"), {QStringLiteral("--pop3"), QStringLiteral("pop3s://carol@%1:%2").arg(h).arg(m_mail.pop3sPort),
                                             QStringLiteral("--smtp"), QStringLiteral("smtps://carol@%1:%2").arg(h).arg(m_mail.smtpsPort),
                                             QStringLiteral("--leave-on-server"), QStringLiteral("delete")});
    }

    void sendToTheListEveryMemberReceives()
    {
        const QString token = QStringLiteral("e2e-list-%1").arg(QRandomGenerator::global()->generate());
        const Run send = tern({QStringLiteral("send"), QStringLiteral("alice"),
                               QString::fromUtf8(writeMessage(QStringLiteral("list@example.test"), token)), QStringLiteral("--verbose")});
        QVERIFY2(send.code == 0, qPrintable(send.err));
        // The strongest mechanism both sides know: SCRAM-SHA-256 (Dovecot via Postfix).
        QVERIFY2(send.err.contains(QStringLiteral("C: AUTH SCRAM-SHA-256")), qPrintable(send.err));
        QVERIFY(!send.err.contains(m_mail.passwords.value(QStringLiteral("alice"))));   // the log is redacted
        {
            auto db = cache();
            auto sent = store::MessageStore(*db).list(QStringLiteral("alice"), QStringLiteral("Sent")).value();
            QVERIFY(!sent.isEmpty());
            QCOMPARE(sent.last().subject, token);
        }
        for (const QString &user : {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")}) {
            // Over IMAP first: carol's POP3 account deletes on the server after download.
            QDeadlineTimer deadline(60000);
            while (imapSubjects(user, token).isEmpty() && !deadline.hasExpired())
                QTest::qWait(200);
            QCOMPARE(imapSubjects(user, token), QStringList{token});
            const Run sync = tern({QStringLiteral("sync"), user, QStringLiteral("--verbose")});
            QVERIFY2(sync.code == 0, qPrintable(sync.err));
            QCOMPARE(subjectsInCache(user).count(token), 1);
            if (user == QLatin1String("bob"))
                QVERIFY2(sync.err.contains(QStringLiteral("C: STLS")), qPrintable(sync.err));
            // POP3 too picks the strongest SASL mechanism Dovecot offers.
            QVERIFY2(sync.err.contains(QStringLiteral("C: AUTH SCRAM-SHA-256 <redacted>")), qPrintable(sync.err));
        }
        QCOMPARE(imapSubjects(QStringLiteral("carol"), token), QStringList{});   // deleted after download
        QCOMPARE(pop3MessageCount(QStringLiteral("carol")), 0);
    }

    void imapAccountKeepsItsSentCopyOnTheServer()
    {
        const Run add = tern({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("alice-imap"), QStringLiteral("--imap"),
                              QStringLiteral("imaps://alice@127.0.0.1:%1").arg(m_mail.imapsPort), QStringLiteral("--smtp"),
                              QStringLiteral("smtp://alice@127.0.0.1:%1").arg(m_mail.submissionPort), QStringLiteral("--ca-file"), m_mail.caFile,
                              QStringLiteral("--password-env"), QStringLiteral("ALICE_PASSWORD")});
        QVERIFY2(add.code == 0, qPrintable(add.err));
        const QString token = QStringLiteral("e2e-sentcopy-%1").arg(QRandomGenerator::global()->generate());
        const Run send = tern({QStringLiteral("send"), QStringLiteral("alice-imap"),
                               QString::fromUtf8(writeMessage(QStringLiteral("bob@example.test"), token)), QStringLiteral("--verbose")});
        QVERIFY2(send.code == 0, qPrintable(send.err));
        QVERIFY2(send.err.contains(QStringLiteral("APPEND \"Sent\" (\\Seen)")), qPrintable(send.err));
        QCOMPARE(imapSubjects(QStringLiteral("alice"), token, "Sent"), QStringList{token});
        // Syncing again neither resends nor appends a second copy.
        QCOMPARE(tern({QStringLiteral("sync"), QStringLiteral("alice-imap")}).code, 0);
        QCOMPARE(imapSubjects(QStringLiteral("alice"), token, "Sent"), QStringList{token});
    }

    void deletedHereIsDeletedOnTheServer()
    {
        const QString token = QStringLiteral("e2e-delete-%1").arg(QRandomGenerator::global()->generate());
        QVERIFY(tern({QStringLiteral("send"), QStringLiteral("alice"), QString::fromUtf8(writeMessage(QStringLiteral("bob@example.test"), token))}).code == 0);
        QDeadlineTimer deadline(60000);
        while (imapSubjects(QStringLiteral("bob"), token).isEmpty() && !deadline.hasExpired())
            QTest::qWait(200);
        const Run add = tern({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("bob-keep"), QStringLiteral("--pop3"),
                              QStringLiteral("pop3s://bob@127.0.0.1:%1").arg(m_mail.pop3sPort), QStringLiteral("--smtp"),
                              QStringLiteral("smtps://bob@127.0.0.1:%1").arg(m_mail.smtpsPort), QStringLiteral("--ca-file"), m_mail.caFile,
                              QStringLiteral("--password-env"), QStringLiteral("BOB_PASSWORD"),
                              QStringLiteral("--leave-on-server"), QStringLiteral("keep,until-deleted")});
        QVERIFY2(add.code == 0, qPrintable(add.err));
        QCOMPARE(tern({QStringLiteral("sync"), QStringLiteral("bob-keep")}).code, 0);
        const QJsonArray rows = QJsonDocument::fromJson(tern({QStringLiteral("list"), QStringLiteral("bob-keep"), QStringLiteral("INBOX"), QStringLiteral("--json")}).out.toUtf8()).array();
        qint64 id = 0;
        int before = int(rows.size());
        for (const auto &v : rows)
            if (v.toObject().value(QStringLiteral("subject")).toString() == token)
                id = v.toObject().value(QStringLiteral("id")).toInteger();
        QVERIFY(id > 0);
        // Moving keeps it on the server; deleting it here deletes it there on the next sync.
        QCOMPARE(tern({QStringLiteral("move"), QStringLiteral("bob-keep"), QStringLiteral("INBOX"), QString::number(id), QStringLiteral("Archive")}).code, 0);
        QCOMPARE(tern({QStringLiteral("sync"), QStringLiteral("bob-keep")}).code, 0);
        QCOMPARE(imapSubjects(QStringLiteral("bob"), token), QStringList{token});
        QCOMPARE(tern({QStringLiteral("delete"), QStringLiteral("bob-keep"), QStringLiteral("Archive"), QString::number(id)}).code, 0);
        QCOMPARE(tern({QStringLiteral("delete"), QStringLiteral("bob-keep"), QStringLiteral("Archive"), QString::number(id)}).code, 2);   // gone already
        const Run sync = tern({QStringLiteral("sync"), QStringLiteral("bob-keep")});
        QVERIFY2(sync.out.contains(QStringLiteral("1 deleted on server")), qPrintable(sync.out));
        QCOMPARE(imapSubjects(QStringLiteral("bob"), token), QStringList{});
        QCOMPARE(int(subjectsInCache(QStringLiteral("bob-keep")).size()), before - 1);
    }

    void killedDuringPop3DownloadLosesAndDuplicatesNothing()
    {
        QCOMPARE(tern({QStringLiteral("sync"), QStringLiteral("carol")}).code, 0);   // start from an empty maildrop
        QCOMPARE(pop3MessageCount(QStringLiteral("carol")), 0);
        QProcess seed;
        seed.start(qEnvironmentVariable("TERN_MAIL_SYSTEM_SCRIPT"),
                   {QStringLiteral("seed"), m_mail.dir, QStringLiteral("--user"), QStringLiteral("carol"), QStringLiteral("--count"), QStringLiteral("3000")});
        QVERIFY(seed.waitForFinished(120000));
        QCOMPARE(seed.exitCode(), 0);
        const int before = int(subjectsInCache(QStringLiteral("carol")).size());
        qint64 lastId = 0;
        {
            auto db = cache();
            auto q = db->exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM messages"));
            q.value().next();
            lastId = q.value().value(0).toLongLong();
        }
        QCOMPARE(pop3MessageCount(QStringLiteral("carol")), 3000);

        // Kill tern at several moments of the download, then let it finish.
        QStringList progress;
        for (int ms : {60, 150, 300, 500, 800}) {
            ternKilledAfter({QStringLiteral("sync"), QStringLiteral("carol")}, ms);
            progress << QString::number(subjectsInCache(QStringLiteral("carol")).size() - before);
        }
        qInfo("stored after each kill: %s of 3000; on the server: %d", qPrintable(progress.join(QStringLiteral(", "))),
              pop3MessageCount(QStringLiteral("carol")));
        const Run last = tern({QStringLiteral("sync"), QStringLiteral("carol")});
        QVERIFY2(last.code == 0, qPrintable(last.err));

        auto db = cache();
        auto q = db->exec(QStringLiteral("SELECT count(*), count(DISTINCT m.message_id) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
                                         "WHERE b.account = 'carol' AND m.message_id LIKE '<seed-%' AND m.id > ?"), {lastId});
        QVERIFY(q.value().next());
        const int stored = q.value().value(0).toInt(), distinct = q.value().value(1).toInt();
        QCOMPARE(distinct, 3000);   // nothing lost
        QCOMPARE(stored, 3000);     // nothing twice
        QCOMPARE(int(subjectsInCache(QStringLiteral("carol")).size()), before + 3000);
        QCOMPARE(pop3MessageCount(QStringLiteral("carol")), 0);   // and all deleted on the server
    }

    void killedDuringSendingLosesAndDuplicatesNothing()
    {
        const QString run = QStringLiteral("e2e-kill-%1").arg(QRandomGenerator::global()->generate());
        const int n = 60;
        for (int i = 0; i < n; ++i) {
            const Run q = tern({QStringLiteral("send"), QStringLiteral("alice"), QStringLiteral("--later"),
                                QString::fromUtf8(writeMessage(QStringLiteral("bob@example.test"), QStringLiteral("%1-%2").arg(run).arg(i)))});
            QVERIFY2(q.code == 0, qPrintable(q.err));
        }
        for (int ms : {80, 200, 350, 600})
            ternKilledAfter({QStringLiteral("sync"), QStringLiteral("alice")}, ms);
        tern({QStringLiteral("sync"), QStringLiteral("alice")});

        QMap<QString, QString> stateOf;   // subject -> outbox state
        {
            auto db = cache();
            for (const auto &e : store::OutboxStore(*db).list(QStringLiteral("alice"), true).value()) {
                const QString subject = store::HeaderSummary::parse(e.raw).subject;
                if (subject.startsWith(run))
                    stateOf.insert(subject, e.state);
            }
        }
        QCOMPARE(stateOf.size(), n);   // every message is still accounted for
        // Wait (bounded) until every message marked sent has arrived; uncertain ones may arrive too.
        QStringList sentSubjects;
        for (auto it = stateOf.cbegin(); it != stateOf.cend(); ++it)
            if (it.value() == QLatin1String("sent"))
                sentSubjects << it.key();
        QDeadlineTimer deadline(60000);
        QStringList delivered;
        for (;;) {
            delivered = imapSubjects(QStringLiteral("bob"), run);
            const bool all = std::all_of(sentSubjects.cbegin(), sentSubjects.cend(),
                                         [&](const QString &subject) { return delivered.contains(subject); });
            if (all || deadline.hasExpired())
                break;
            QTest::qWait(300);
        }
        int uncertain = 0;
        for (auto it = stateOf.cbegin(); it != stateOf.cend(); ++it) {
            const int copies = int(delivered.count(it.key()));
            QVERIFY2(copies <= 1, qPrintable(it.key() + QStringLiteral(" arrived twice")));
            if (it.value() == QLatin1String("sent"))
                QVERIFY2(copies == 1, qPrintable(it.key() + QStringLiteral(" is marked sent but never arrived")));
            else if (it.value() == QLatin1String("uncertain"))
                ++uncertain;   // held for the user's decision, visible in tern outbox
            else
                QFAIL(qPrintable(it.key() + QStringLiteral(" left in state ") + it.value()));
        }
        qInfo("%d sent, %d uncertain after 4 kills", int(stateOf.size()) - uncertain, uncertain);
    }
};

QTEST_GUILESS_MAIN(TestPop3SmtpE2e)
#include "tst_pop3_smtp_e2e.moc"

// The main window against the demo mail system, as a laptop user meets it:
// Get Mail fills the folders; with "Work Offline" on, reading, flagging and
// moving change what the window shows at once and nothing on the server;
// back online, the server catches up (checked with a second IMAP client).
#include "AccountSync.h"
#include "ComposerWindow.h"
#include "LineClient.h"
#include "MailSystem.h"
#include "MainWindow.h"
#include "MessageView.h"
#include "TernProcess.h"
#include "TestPaths.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <unistd.h>

using namespace tern;
using namespace tern::test;

namespace {
const QString kFolder = QStringLiteral("GuiOffline");
const QString kArchive = QStringLiteral("GuiArchive");
}

class TestGuiOfflineE2e : public QObject {
    Q_OBJECT
    MailSystem m_mail;
    QTemporaryDir m_dir;
    QString m_profile;

    // A second client: alice's (or another user's) own commands, straight to Dovecot.
    QByteArray alice(const QList<QByteArray> &commands, const QString &user = QStringLiteral("alice"))
    {
        LineClient c(m_mail.caFile);
        if (!c.connectTls(m_mail.host, m_mail.imapsPort))
            return "connect failed";
        c.readLine();
        c.writeLine("a LOGIN " + user.toUtf8() + " \"" + m_mail.passwords.value(user).toUtf8() + "\"");
        c.readUntil([](const QByteArray &l) { return l.startsWith("a "); });
        QList<QByteArray> all;
        int n = 0;
        for (const QByteArray &cmd : commands) {
            const QByteArray tag = "c" + QByteArray::number(n++);
            c.writeLine(tag + ' ' + cmd);
            all += c.readUntil([&](const QByteArray &l) { return l.startsWith(tag + ' '); }, 60000);
        }
        c.writeLine("z LOGOUT");
        return all.join('\n');
    }

    static QByteArray fetchLine(const QByteArray &response)
    {
        for (const QByteArray &l : response.split('\n'))
            if (l.contains(" FETCH "))
                return l;
        return {};
    }

    static QTreeWidgetItem *folderItem(QTreeWidget *tree, const QString &name)
    {
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            for (int j = 0; j < tree->topLevelItem(i)->childCount(); ++j)
                if (tree->topLevelItem(i)->child(j)->data(0, Qt::UserRole + 1).toString() == name)
                    return tree->topLevelItem(i)->child(j);
        return nullptr;
    }

    static bool waitSynced(ui::MainWindow &w)
    {
        QSignalSpy done(&w, &ui::MainWindow::syncFinished);
        return done.wait(120000);
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("TERN_MAIL_SYSTEM_DIR"))
            QSKIP("TERN_MAIL_SYSTEM_DIR is not set: run through ctest, whose fixture starts the demo mail system");
        QString why;
        QVERIFY2(MailSystem::load(m_mail, why), qPrintable(why));
        m_profile = m_dir.filePath(QStringLiteral("profile"));
        // The engine (tern sync, a child of the window) reads the password from here.
        qputenv("ALICE_PASSWORD", m_mail.passwords.value(QStringLiteral("alice")).toUtf8());
        alice({"DELETE " + kFolder.toUtf8(), "DELETE " + kArchive.toUtf8(), "CREATE " + kArchive.toUtf8()});
        QProcess seed;
        seed.start(qEnvironmentVariable("TERN_MAIL_SYSTEM_SCRIPT"),
                   {QStringLiteral("seed"), m_mail.dir, QStringLiteral("--user"), QStringLiteral("alice"), QStringLiteral("--count"),
                    QStringLiteral("6"), QStringLiteral("--folder"), kFolder});
        QVERIFY(seed.waitForFinished(120000));
        QCOMPARE(seed.exitCode(), 0);
        const TernRun r = runTern({QStringLiteral("--profile"), m_profile, QStringLiteral("account"), QStringLiteral("add"),
                                   QStringLiteral("alice"), QStringLiteral("--imap"),
                                   QStringLiteral("imaps://alice@127.0.0.1:%1").arg(m_mail.imapsPort), QStringLiteral("--smtp"),
                                   QStringLiteral("smtps://alice@127.0.0.1:%1").arg(m_mail.smtpsPort), QStringLiteral("--ca-file"),
                                   m_mail.caFile, QStringLiteral("--password-env"), QStringLiteral("ALICE_PASSWORD"),
                                   QStringLiteral("--address"), QStringLiteral("alice@example.test"),
                                   QStringLiteral("--mode"), QStringLiteral("disconnected")},
                                  QProcessEnvironment::systemEnvironment(), 60000);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    }

    void offlineWorkReachesTheServerWhenBackOnline()
    {
        ui::MainWindow w(store::Profile::resolve(m_profile));
        w.setEngineProgram(QStringLiteral(TERN_BIN_DIR "/tern"));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.isOffline());

        // Get Mail: the folders arrive, the account says it is online.
        w.action(QStringLiteral("getMail"))->trigger();
        QVERIFY(waitSynced(w));
        auto *state = w.findChild<QLabel *>(QStringLiteral("accountState-alice"));
        QVERIFY2(state->text().contains(QLatin1String("online")), qPrintable(state->text()));
        auto *tree = w.findChild<QTreeWidget *>(QStringLiteral("folderTree"));
        QTreeWidgetItem *folder = folderItem(tree, kFolder);
        QVERIFY(folder);
        QVERIFY(folderItem(tree, kArchive));
        tree->setCurrentItem(folder);
        auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
        QTRY_COMPARE(list->model()->rowCount(), 6);

        // Offline now: nothing may reach the server until we are back.
        w.action(QStringLiteral("workOffline"))->trigger();
        QVERIFY(w.isOffline());
        QVERIFY2(state->text().contains(QLatin1String("offline")), qPrintable(state->text()));

        // Read one that is unread and not flagged, and flag it.
        QAbstractItemModel *model = list->model();
        const int uidColumn = 8, flagsColumn = 9;   // MainWindow.cpp: Sender … Flag, Attachment, Security, Id, Uid, Flags
        int row = -1;
        for (int r = 0; r < model->rowCount(); ++r) {
            const QString flags = model->index(r, flagsColumn).data().toString();
            if (!flags.contains(QLatin1String("\\Seen")) && !flags.contains(QLatin1String("\\Flagged"))) {
                row = r;
                break;
            }
        }
        QVERIFY2(row >= 0, "the seed has an unread, unflagged message");
        const QByteArray readUid = model->index(row, uidColumn).data().toByteArray();
        QSignalSpy loaded(w.viewer(), &ui::MessageView::documentLoaded);
        list->setCurrentIndex(model->index(row, 0));
        QVERIFY(loaded.wait(20000));
        QVERIFY(!w.viewer()->rendered().text.isEmpty());   // the body is cached: readable offline
        w.action(QStringLiteral("toggleFlag"))->trigger();
        QTRY_VERIFY(model->index(list->currentIndex().row(), 4).data().toString() == QStringLiteral("★"));
        QVERIFY(model->index(list->currentIndex().row(), flagsColumn).data().toString().contains(QLatin1String("\\Seen")));

        // Move another one to the archive folder.
        const int other = row == 0 ? 1 : 0;
        list->setCurrentIndex(model->index(other, 0));
        w.moveSelectedTo(kArchive);
        QTRY_COMPARE(list->model()->rowCount(), 5);
        QVERIFY(w.pendingActions() >= 3);   // seen, flagged, moved (reading the moved one marked it seen too)
        auto *pending = w.findChild<QToolButton *>(QStringLiteral("pendingActions"));
        QVERIFY2(pending->isVisible() && pending->text().contains(QString::number(w.pendingActions())), qPrintable(pending->text()));

        // The server has seen none of it.
        QByteArray server = alice({"SELECT " + kFolder.toUtf8(), "UID FETCH " + readUid + " FLAGS", "STATUS " + kArchive.toUtf8() + " (MESSAGES)"});
        QVERIFY2(!fetchLine(server).isEmpty() && !fetchLine(server).contains("\\Flagged"), server.constData());
        QVERIFY2(server.contains("* 6 EXISTS"), server.constData());
        QVERIFY2(server.contains("(MESSAGES 0)"), server.constData());

        // Back online: the journal is replayed, the server catches up.
        w.action(QStringLiteral("workOffline"))->trigger();
        QVERIFY(!w.isOffline());
        QVERIFY(waitSynced(w));
        QCOMPARE(w.pendingActions(), 0);
        QVERIFY(!pending->isVisible());
        server = alice({"SELECT " + kFolder.toUtf8(), "UID FETCH " + readUid + " FLAGS", "STATUS " + kArchive.toUtf8() + " (MESSAGES)"});
        QVERIFY2(fetchLine(server).contains("\\Flagged") && fetchLine(server).contains("\\Seen"), server.constData());
        QVERIFY2(server.contains("* 5 EXISTS"), server.constData());
        QVERIFY2(server.contains("(MESSAGES 1)"), server.constData());

        // The activity panel has the protocol log, with the password redacted.
        const QString log = w.findChild<QPlainTextEdit *>(QStringLiteral("activityLog"))->toPlainText();
        QVERIFY2(log.contains(QLatin1String("C: ")) && log.contains(QLatin1String("S: ")), qPrintable(log.left(2000)));
        QVERIFY(!log.contains(m_mail.passwords.value(QStringLiteral("alice"))));
    }

    void composeAndSendToBob()
    {
        ui::MainWindow w(store::Profile::resolve(m_profile));
        w.setEngineProgram(QStringLiteral(TERN_BIN_DIR "/tern"));
        w.show();
        const QByteArray subject = "From the composer " + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        ui::ComposerWindow *c = w.compose();
        QVERIFY(c);
        c->findChild<QLineEdit *>(QStringLiteral("to"))->setText(QStringLiteral("Bob <bob@example.test>"));
        c->findChild<QLineEdit *>(QStringLiteral("subject"))->setText(QString::fromUtf8(subject));
        c->findChild<QPlainTextEdit *>(QStringLiteral("body"))->setPlainText(QStringLiteral("Hello Bob,\n\nwritten in the window.\n"));
        QVERIFY(QTest::qWaitForWindowExposed(c));
        const QString shots = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QDir().mkpath(shots);
            QVERIFY(c->grab().save(shots + QStringLiteral("/composer.png")));
        }
        QSignalSpy done(&w, &ui::MainWindow::syncFinished);
        c->findChild<QAction *>(QStringLiteral("send"))->trigger();   // queues, closes, and the account's sync submits it
        QVERIFY(done.wait(120000));
        QCOMPARE(w.pendingActions(), 0);
        // Delivered through Postfix and LMTP: bob's Inbox has it.
        QByteArray found;
        for (int i = 0; i < 50 && !found.contains("* SEARCH "); ++i) {
            found = alice({"SELECT INBOX", "SEARCH SUBJECT \"" + subject + "\""}, QStringLiteral("bob"));
            QByteArray hits;
            for (const QByteArray &l : found.split('\n'))
                if (l.startsWith("* SEARCH ") && l.trimmed() != "* SEARCH")
                    hits = l;
            found = hits;
            if (found.isEmpty())
                QTest::qWait(200);
        }
        QVERIFY2(found.startsWith("* SEARCH "), "the message did not reach bob's Inbox");
    }

    void mailtoAndReplyFillTheComposer()
    {
        ui::MainWindow w(store::Profile::resolve(m_profile));
        ui::ComposerWindow *c = w.openMailto(QStringLiteral("mailto:bob@example.test?subject=Lunch%3F&body=Noon%3F&attach=/etc/passwd"));
        QVERIFY(c);
        QCOMPARE(c->findChild<QLineEdit *>(QStringLiteral("to"))->text(), QStringLiteral("bob@example.test"));
        QCOMPARE(c->findChild<QLineEdit *>(QStringLiteral("subject"))->text(), QStringLiteral("Lunch?"));
        QVERIFY(c->draft().attachments.isEmpty());   // attach= is never honoured
        c->close();

        auto *tree = w.findChild<QTreeWidget *>(QStringLiteral("folderTree"));
        tree->setCurrentItem(folderItem(tree, kFolder));
        auto *list = w.findChild<QTreeView *>(QStringLiteral("messageList"));
        QTRY_VERIFY(list->model()->rowCount() > 0);
        list->setCurrentIndex(list->model()->index(0, 0));
        ui::ComposerWindow *r = w.reply(0);
        QVERIFY(r);
        const mime::Draft d = r->draft();
        QVERIFY2(d.subject.startsWith(QLatin1String("Re: ")), qPrintable(d.subject));
        QVERIFY(!d.inReplyTo.isEmpty());
        QCOMPARE(d.to.size(), 1);
        QCOMPARE(d.from.address, QStringLiteral("alice@example.test"));
        QVERIFY(d.body.contains(QLatin1String("> ")));   // the original, quoted
        r->close();
    }

    void anUnreachableServerIsShownAsAnError()
    {
        QTemporaryDir dir;
        const QString profile = dir.filePath(QStringLiteral("p"));
        const TernRun r = runTern({QStringLiteral("--profile"), profile, QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("gone"),
                                   QStringLiteral("--imap"), QStringLiteral("imaps://alice@127.0.0.1:1"), QStringLiteral("--smtp"),
                                   QStringLiteral("smtps://alice@127.0.0.1:1"), QStringLiteral("--password-env"),
                                   QStringLiteral("ALICE_PASSWORD"), QStringLiteral("--mode"), QStringLiteral("online")},
                                  QProcessEnvironment::systemEnvironment(), 60000);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        ui::MainWindow w(store::Profile::resolve(profile));
        w.setEngineProgram(QStringLiteral(TERN_BIN_DIR "/tern"));
        w.syncAll();
        QVERIFY(waitSynced(w));
        const QString state = w.findChild<QLabel *>(QStringLiteral("accountState-gone"))->text();
        QVERIFY2(state.contains(QLatin1String("error")) && state.contains(QLatin1String("refused"), Qt::CaseInsensitive), qPrintable(state));
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestGuiOfflineE2e t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_gui_offline_e2e.moc"

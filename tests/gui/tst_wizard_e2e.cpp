// The account wizard against the demo mail system (issue #7, points 5 and 8),
// driven as a user drives it, offscreen: File > Add Account…, the address and
// a wrong password, autoconfiguration from the domain's autoconfig file (a
// local HTTPS server), the settings found, the live test failing first on the
// demo's certificate (no CA, then the wrong CA: the certificate is shown),
// then on the password, then passing; the mode; the account saved as `tern
// account add` saves it with its password in a private keyring; the window's
// own `tern sync` filling its folders. Then a POP3 account with an unreachable
// SMTP port and a leave-on-server policy. Every page is saved as a PNG.
#include "AccountWizard.h"
#include "HttpsFileServer.h"
#include "KeyringSession.h"
#include "MailSystem.h"
#include "MainWindow.h"
#include "ScriptedServer.h"
#include "TernProcess.h"
#include "TestPaths.h"

#include "autoconfig/SrvResolver.h"
#include "store/AccountConfig.h"
#include "store/Keyring.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QTimer>
#include <QFileInfo>
#include <QRegularExpression>

using namespace tern;
using namespace tern::test;

namespace {

// No SRV records anywhere (the demo domain has no DNS): the wizard goes on to the autoconfig file.
class NoSrv : public autoconfig::SrvResolver {
public:
    QStringList asked;
    void lookup(const QString &name, QObject *context, Done done) override
    {
        asked << name;
        QTimer::singleShot(0, context, [done] { done(QList<autoconfig::SrvRecord>{}); });
    }
};

template <typename T>
T *child(QWidget *w, const char *name)
{
    T *c = w->findChild<T *>(QLatin1String(name));
    if (!c)
        qWarning("no widget %s", name);
    return c;
}

} // namespace

class TestWizardE2e : public QObject {
    Q_OBJECT
    MailSystem m_mail;
    QTemporaryDir m_dir;
    KeyringSession m_session;
    HttpsFileServer m_https;
    std::shared_ptr<NoSrv> m_resolver = std::make_shared<NoSrv>();
    QString m_shots;

    void shot(QWidget *w, const QString &name)
    {
        QApplication::processEvents();
        QVERIFY(w->grab().save(m_shots + QStringLiteral("/wizard-") + name + QStringLiteral(".png")));
    }

    autoconfig::DiscoveryOptions options() const
    {
        autoconfig::DiscoveryOptions o;
        o.resolver = m_resolver;
        o.caFile = ScriptedServer::caFile();   // the autoconfig server's CA (not the demo's)
        o.autoconfigUrls = {QStringLiteral("https://localhost:%1/mail/config-v1.1.xml?emailaddress=%ADDRESS%").arg(m_https.serverPort()),
                            QStringLiteral("https://localhost:%1/.well-known/autoconfig/mail/config-v1.1.xml").arg(m_https.serverPort())};
        o.guess = false;
        return o;
    }

    static QString status(ui::AccountWizard *wz) { return child<QLabel>(wz, "testStatus")->text(); }
    static bool testDone(ui::AccountWizard *wz) { return child<QPushButton>(wz, "retry")->isEnabled(); }

    TernRun tern(const QString &profile, const QStringList &args)
    {
        return runTern(QStringList{QStringLiteral("--profile"), profile} + args, m_session.environment(), 120000);
    }

private slots:
    void initTestCase()
    {
        QStringList missing;
        for (const char *tool : {"dbus-run-session", "dbus-send", "gnome-keyring-daemon"})
            if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
                missing << QLatin1String(tool);
        if (!missing.isEmpty())
            QSKIP(qPrintable(QStringLiteral("%1 not installed (Debian: dbus-bin dbus-daemon gnome-keyring)").arg(missing.join(QStringLiteral(", ")))));
        if (qEnvironmentVariableIsEmpty("TERN_MAIL_SYSTEM_DIR"))
            QSKIP("TERN_MAIL_SYSTEM_DIR is not set: run through ctest, whose fixture starts the demo mail system");
        QString why;
        QVERIFY2(MailSystem::load(m_mail, why), qPrintable(why));
        why = m_session.start(m_dir.filePath(QStringLiteral("session")), true);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        // The wizard (in this process) and the engines it starts use the private keyring.
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_session.busAddress().toUtf8());
        m_shots = qEnvironmentVariable("TERN_SCREENSHOT_DIR", m_dir.filePath(QStringLiteral("shots")));
        QDir().mkpath(m_shots);

        // The demo's servers, as its domain would publish them (Mozilla's format).
        const QByteArray host = m_mail.host.toUtf8();
        const auto server = [&](const char *kind, const char *type, quint16 port) {
            return "<" + QByteArray(kind) + " type=\"" + type + "\"><hostname>" + host + "</hostname><port>" + QByteArray::number(port)
                   + "</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
                     "<authentication>password-cleartext</authentication></" + kind + ">\n";
        };
        m_https.body = "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"example.test\">"
                       "<domain>example.test</domain><displayName>Demo</displayName>\n"
                       + server("incomingServer", "imap", m_mail.imapsPort) + server("incomingServer", "pop3", m_mail.pop3sPort)
                       + server("outgoingServer", "smtp", m_mail.smtpsPort) + "</emailProvider></clientConfig>\n";
        m_https.statusByPath.insert("/mail/", 404);   // found at the second place asked: the .well-known one
        m_https.delayMs = 700;                        // long enough to see the progress page
        QVERIFY(m_https.start());
    }

    void wizardFromTheMainWindowAddsAnImapAccount()
    {
        const QString profileDir = m_dir.filePath(QStringLiteral("profile"));
        const auto profile = store::Profile::resolve(profileDir);
        ui::MainWindow w(profile);
        w.setEngineProgram(QStringLiteral(TERN_BIN_DIR "/tern"));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!w.hasAccounts());

        // File > Add Account… opens the wizard.
        QAction *add = w.action(QStringLiteral("addAccount"));
        QVERIFY(add);
        QVERIFY(w.menuBar()->actions().constFirst()->menu()->actions().contains(add));
        add->trigger();
        auto *wz = w.findChild<ui::AccountWizard *>();
        QVERIFY(wz);
        QTRY_VERIFY(wz->isVisible());
        wz->setDiscoveryOptions(options());

        // 1. Address, a wrong password; the account name follows the address.
        QCOMPARE(wz->currentId(), int(ui::AccountWizard::IdentityPage));
        QVERIFY(!wz->button(QWizard::NextButton)->isEnabled());
        QTest::keyClicks(child<QLineEdit>(wz, "address"), QStringLiteral("alice@example.test"));
        QTest::keyClicks(child<QLineEdit>(wz, "password"), QStringLiteral("not-alice's-password"));
        QCOMPARE(child<QLineEdit>(wz, "accountName")->text(), QStringLiteral("example.test"));
        QVERIFY(wz->button(QWizard::NextButton)->isEnabled());
        shot(wz, QStringLiteral("1-identity"));

        // 2. Autoconfiguration, with its progress, then the settings found.
        wz->next();
        QCOMPARE(wz->currentId(), int(ui::AccountWizard::DetectPage));
        QTRY_VERIFY(child<QLabel>(wz, "detectStatus")->text().contains(QLatin1String("localhost")));
        shot(wz, QStringLiteral("2-detect"));
        QTRY_COMPARE_WITH_TIMEOUT(wz->currentId(), int(ui::AccountWizard::ResultPage), 20000);
        QVERIFY(m_resolver->asked.contains(QStringLiteral("_imaps._tcp.example.test")));
        QVERIFY(m_resolver->asked.contains(QStringLiteral("_submission._tcp.example.test")));
        QVERIFY2(m_https.requests.contains("GET /mail/config-v1.1.xml?emailaddress=alice%40example.test HTTP/1.1"),
                 m_https.requests.join('\n').constData());
        auto *incoming = child<QComboBox>(wz, "foundIncoming");
        QCOMPARE(incoming->count(), 2);
        QCOMPARE(incoming->itemText(0), QStringLiteral("IMAP, %1, port %2, SSL/TLS, user alice@example.test").arg(m_mail.host).arg(m_mail.imapsPort));
        QCOMPARE(child<QComboBox>(wz, "foundOutgoing")->currentText(),
                 QStringLiteral("SMTP, %1, port %2, SSL/TLS, user alice@example.test").arg(m_mail.host).arg(m_mail.smtpsPort));
        QVERIFY2(child<QLabel>(wz, "foundFrom")->text().contains(QLatin1String("the domain's configuration file")),
                 qPrintable(child<QLabel>(wz, "foundFrom")->text()));
        shot(wz, QStringLiteral("3-result"));

        // 3. The live test: the demo's certificate is from its own CA, which nobody trusts yet.
        wz->next();
        QCOMPARE(wz->currentId(), int(ui::AccountWizard::TestPage));
        QTRY_VERIFY_WITH_TIMEOUT(testDone(wz), 60000);
        QVERIFY(!wz->button(QWizard::NextButton)->isEnabled());
        QVERIFY2(status(wz).contains(QLatin1String("is not trusted, so Tern did not send your password")), qPrintable(status(wz)));
        auto *cert = child<QPlainTextEdit>(wz, "certificate");
        QVERIFY(cert->isVisible());
        QVERIFY2(cert->toPlainText().contains(QLatin1String("Issuer: Tern Demo Test CA")), qPrintable(cert->toPlainText()));
        QVERIFY2(cert->toPlainText().contains(QLatin1String("Reason: The issuer certificate of a locally looked up certificate could not be found")),
                 qPrintable(cert->toPlainText()));
        QVERIFY2(cert->toPlainText().contains(QLatin1String("Subject: localhost")), qPrintable(cert->toPlainText()));
        QVERIFY2(cert->toPlainText().contains(QRegularExpression(QStringLiteral("SHA-256 fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}"))),
                 qPrintable(cert->toPlainText()));
        shot(wz, QStringLiteral("4-test-certificate"));

        // 4. Manual settings: the wrong CA first (the fixed test CA), still not trusted.
        wz->back();
        QCOMPARE(wz->currentId(), int(ui::AccountWizard::ResultPage));
        child<QRadioButton>(wz, "editFound")->setChecked(true);
        wz->next();
        QCOMPARE(wz->currentId(), int(ui::AccountWizard::ManualPage));
        QCOMPARE(child<QLineEdit>(wz, "incomingHost")->text(), m_mail.host);
        QCOMPARE(child<QSpinBox>(wz, "incomingPort")->value(), int(m_mail.imapsPort));
        QCOMPARE(child<QLineEdit>(wz, "outgoingUser")->text(), QStringLiteral("alice@example.test"));
        child<QLineEdit>(wz, "caFile")->setText(ScriptedServer::caFile());
        shot(wz, QStringLiteral("5-manual"));
        wz->next();
        QCOMPARE(wz->currentId(), int(ui::AccountWizard::TestPage));
        QTRY_VERIFY_WITH_TIMEOUT(testDone(wz), 60000);
        QVERIFY2(status(wz).contains(QLatin1String("is not trusted")), qPrintable(status(wz)));
        QVERIFY(cert->toPlainText().contains(QLatin1String("Tern Demo Test CA")));

        // 5. The right CA: now the password is what is wrong, and it can be typed again here.
        wz->back();
        child<QLineEdit>(wz, "caFile")->setText(m_mail.caFile);
        wz->next();
        QTRY_VERIFY_WITH_TIMEOUT(testDone(wz), 60000);
        QVERIFY2(status(wz).contains(QLatin1String("refused the user name or password")), qPrintable(status(wz)));
        QVERIFY(!cert->isVisible());
        auto *retryPassword = child<QLineEdit>(wz, "retryPassword");
        QVERIFY(retryPassword->isVisible());
        shot(wz, QStringLiteral("6-test-password"));
        QVERIFY(!wz->button(QWizard::NextButton)->isEnabled());
        QTest::keyClicks(retryPassword, m_mail.passwords.value(QStringLiteral("alice")));
        child<QPushButton>(wz, "retry")->click();
        QTRY_VERIFY_WITH_TIMEOUT(testDone(wz), 60000);
        QVERIFY2(status(wz).contains(QLatin1String("Both servers accepted the settings and the password")), qPrintable(status(wz)));
        QVERIFY(wz->button(QWizard::NextButton)->isEnabled());
        shot(wz, QStringLiteral("7-test-passed"));

        // 6. The mode: online this time.
        wz->next();
        QCOMPARE(wz->currentId(), int(ui::AccountWizard::ModePage));
        QVERIFY(child<QRadioButton>(wz, "modeDisconnected")->isChecked());   // the default for IMAP
        QVERIFY(!child<QRadioButton>(wz, "modeOffline")->isVisible());
        child<QRadioButton>(wz, "modeOnline")->setChecked(true);
        shot(wz, QStringLiteral("8-mode"));
        QSignalSpy synced(&w, &ui::MainWindow::syncFinished);
        QSignalSpy accepted(wz, &QDialog::accepted);
        wz->button(QWizard::FinishButton)->click();
        QVERIFY2(accepted.wait(60000), qPrintable(child<QLabel>(wz, "saveStatus")->text()));

        // Saved as `tern account add` saves it, the password in the keyring.
        const auto accounts = store::AccountStore(profile.accountsFile()).load();
        QVERIFY(accounts.ok());
        QCOMPARE(accounts.value().size(), 1);
        const store::AccountConfig &a = accounts.value().constFirst();
        QCOMPARE(a.name, QStringLiteral("example.test"));
        QCOMPARE(a.address, QStringLiteral("alice@example.test"));
        QCOMPARE(a.imap->toString(), QStringLiteral("imaps://alice%40example.test@%1:%2").arg(m_mail.host).arg(m_mail.imapsPort));
        QCOMPARE(a.smtp->toString(), QStringLiteral("smtps://alice%40example.test@%1:%2").arg(m_mail.host).arg(m_mail.smtpsPort));
        QCOMPARE(a.caFile, QFileInfo(m_mail.caFile).absoluteFilePath());
        QCOMPARE(a.mode, store::AccountMode::Online);
        QVERIFY(a.passwordEnv.isEmpty());
        const TernRun listed = tern(profileDir, {QStringLiteral("account"), QStringLiteral("list")});
        QVERIFY2(listed.out.contains(QStringLiteral("example.test\tonline\timaps://")), qPrintable(listed.out + listed.err));
        QCOMPARE(store::Keyring().read(store::accountKeyringKey(profile, a.name)).value(), m_mail.passwords.value(QStringLiteral("alice")));

        // The window takes the account and its `tern sync` fills the folders.
        QVERIFY(w.hasAccounts());
        QVERIFY(synced.count() || synced.wait(120000));
        auto *tree = w.findChild<QTreeWidget *>(QStringLiteral("folderTree"));
        QTRY_VERIFY(!tree->findItems(QStringLiteral("INBOX"), Qt::MatchRecursive | Qt::MatchContains).isEmpty()
                    || !tree->findItems(QStringLiteral("Inbox"), Qt::MatchRecursive | Qt::MatchContains).isEmpty());
        QVERIFY(w.grab().save(m_shots + QStringLiteral("/wizard-9-main-window.png")));
    }

    // What the window's `tern sync` left in the cache, read by `tern folders` once the window is gone.
    void theAddedAccountsCacheHasItsFolders()
    {
        const TernRun folders = tern(m_dir.filePath(QStringLiteral("profile")), {QStringLiteral("folders"), QStringLiteral("example.test")});
        QVERIFY2(folders.code == 0 && folders.out.contains(QStringLiteral("INBOX")), qPrintable(folders.out + folders.err));
    }

    void pop3AccountWithUnreachableSmtpThenSaved()
    {
        const QString profileDir = m_dir.filePath(QStringLiteral("profile-pop3"));
        const auto profile = store::Profile::resolve(profileDir);
        ui::AccountWizard wz(profile);
        wz.setDiscoveryOptions(options());
        wz.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wz));
        QTest::keyClicks(child<QLineEdit>(&wz, "address"), QStringLiteral("bob@example.test"));
        QTest::keyClicks(child<QLineEdit>(&wz, "password"), m_mail.passwords.value(QStringLiteral("bob")));
        child<QLineEdit>(&wz, "accountName")->clear();
        QTest::keyClicks(child<QLineEdit>(&wz, "accountName"), QStringLiteral("bob-pop"));
        wz.next();
        QTRY_COMPARE_WITH_TIMEOUT(wz.currentId(), int(ui::AccountWizard::ResultPage), 20000);
        auto *incoming = child<QComboBox>(&wz, "foundIncoming");
        incoming->setCurrentIndex(1);
        QVERIFY(incoming->currentText().startsWith(QLatin1String("POP3, ")));
        child<QRadioButton>(&wz, "editFound")->setChecked(true);
        wz.next();
        QCOMPARE(wz.currentId(), int(ui::AccountWizard::ManualPage));
        QCOMPARE(child<QComboBox>(&wz, "incomingProtocol")->currentIndex(), 1);
        QCOMPARE(child<QSpinBox>(&wz, "incomingPort")->value(), int(m_mail.pop3sPort));
        child<QLineEdit>(&wz, "caFile")->setText(m_mail.caFile);
        QTcpServer closed;   // a port nobody listens on
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const int deadPort = closed.serverPort();
        closed.close();
        child<QSpinBox>(&wz, "outgoingPort")->setValue(deadPort);
        wz.next();
        QTRY_VERIFY_WITH_TIMEOUT(testDone(&wz), 60000);
        QVERIFY2(status(&wz).contains(QStringLiteral("%1:%2 cannot be reached").arg(m_mail.host).arg(deadPort)), qPrintable(status(&wz)));
        QVERIFY2(status(&wz).contains(QStringLiteral("%1:%2: logged in").arg(m_mail.host).arg(m_mail.pop3sPort)), qPrintable(status(&wz)));
        QVERIFY(!wz.button(QWizard::NextButton)->isEnabled());
        shot(&wz, QStringLiteral("10-test-unreachable"));

        wz.back();
        child<QSpinBox>(&wz, "outgoingPort")->setValue(m_mail.smtpsPort);
        wz.next();
        QTRY_VERIFY_WITH_TIMEOUT(testDone(&wz), 60000);
        QVERIFY2(wz.button(QWizard::NextButton)->isEnabled(), qPrintable(status(&wz)));
        wz.next();
        QCOMPARE(wz.currentId(), int(ui::AccountWizard::ModePage));
        QVERIFY(child<QRadioButton>(&wz, "modeOffline")->isVisible());
        QVERIFY(!child<QRadioButton>(&wz, "modeOnline")->isVisible());
        child<QCheckBox>(&wz, "leaveDays")->setChecked(true);
        child<QSpinBox>(&wz, "leaveDayCount")->setValue(7);
        child<QCheckBox>(&wz, "leaveUntilDeleted")->setChecked(true);
        shot(&wz, QStringLiteral("11-mode-pop3"));
        QSignalSpy accepted(&wz, &QDialog::accepted);
        wz.button(QWizard::FinishButton)->click();
        QVERIFY2(accepted.wait(60000), qPrintable(child<QLabel>(&wz, "saveStatus")->text()));

        const auto accounts = store::AccountStore(profile.accountsFile()).load();
        QVERIFY(accounts.ok());
        QCOMPARE(accounts.value().size(), 1);
        const store::AccountConfig &a = accounts.value().constFirst();
        QCOMPARE(a.name, QStringLiteral("bob-pop"));
        QCOMPARE(a.mode, store::AccountMode::Offline);
        QVERIFY(!a.imap);
        QCOMPARE(a.pop3->toString(), QStringLiteral("pop3s://bob%40example.test@%1:%2").arg(m_mail.host).arg(m_mail.pop3sPort));
        QCOMPARE(a.leaveOnServer.toString(), QStringLiteral("keep,days=7,until-deleted"));
        const TernRun sync = tern(profileDir, {QStringLiteral("sync"), QStringLiteral("bob-pop")});
        QVERIFY2(sync.code == 0, qPrintable(sync.out + sync.err));
    }
};

QTEST_MAIN(TestWizardE2e)
#include "tst_wizard_e2e.moc"

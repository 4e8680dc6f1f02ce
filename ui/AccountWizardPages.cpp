// The account wizard's manual settings, live test and mode pages.
#include "AccountWizardPages.h"

#include "autoconfig/ConfigXml.h"
#include "store/AccountSetup.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextCursor>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QPointer>
#include <QVBoxLayout>

namespace tern::ui {

// --- Manual settings ------------------------------------------------------

ManualPage::ManualPage(QWidget *parent) : WizardPage(parent)
{
    setTitle(tr("Manual settings"));
    setSubTitle(tr("Your provider's help pages list these. Tern always encrypts: SSL/TLS, or STARTTLS where the server offers it."));
    auto *layout = new QVBoxLayout(this);
    auto *inBox = new QGroupBox(tr("Incoming mail"), this);
    auto *inForm = new QFormLayout(inBox);
    m_protocol = new QComboBox(inBox);
    m_protocol->setObjectName(QStringLiteral("incomingProtocol"));
    m_protocol->addItem(tr("IMAP (mail stays on the server)"));
    m_protocol->addItem(tr("POP3 (mail is downloaded)"));
    inForm->addRow(tr("P&rotocol:"), m_protocol);
    m_in = addServer(inForm, QStringLiteral("incoming"));
    layout->addWidget(inBox);
    auto *outBox = new QGroupBox(tr("Outgoing mail (SMTP)"), this);
    auto *outForm = new QFormLayout(outBox);
    m_out = addServer(outForm, QStringLiteral("outgoing"));
    layout->addWidget(outBox);
    auto *caRow = new QHBoxLayout;
    m_caFile = new QLineEdit(this);
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_caFile->setPlaceholderText(tr("only for a server whose certificate your system does not know"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    caRow->addWidget(m_caFile);
    caRow->addWidget(browse);
    auto *caForm = new QFormLayout;
    auto *caLabel = new QLabel(tr("Extra &CA certificate:"), this);
    caLabel->setBuddy(m_caFile);
    caForm->addRow(caLabel, caRow);
    layout->addLayout(caForm);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("manualProblem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    layout->addStretch();
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA Certificate"), QString(), tr("PEM certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    connect(m_protocol, &QComboBox::currentIndexChanged, this, [this] {
        const bool implicit = m_in.security->currentIndex() == 0;
        m_in.port->setValue(net::ServerUrl::defaultPort(m_protocol->currentIndex() ? net::Protocol::Pop3 : net::Protocol::Imap,
                                                        implicit ? net::Security::ImplicitTls : net::Security::StartTls));
    });
}

ManualPage::Server ManualPage::addServer(QFormLayout *form, const QString &prefix)
{
    Server s;
    s.host = new QLineEdit;
    s.host->setObjectName(prefix + QStringLiteral("Host"));
    s.port = new QSpinBox;
    s.port->setObjectName(prefix + QStringLiteral("Port"));
    s.port->setRange(1, 65535);
    s.security = new QComboBox;
    s.security->setObjectName(prefix + QStringLiteral("Security"));
    s.security->addItem(tr("SSL/TLS"));
    s.security->addItem(tr("STARTTLS"));
    s.user = new QLineEdit;
    s.user->setObjectName(prefix + QStringLiteral("User"));
    form->addRow(tr("&Server:"), s.host);
    form->addRow(tr("P&ort:"), s.port);
    form->addRow(tr("S&ecurity:"), s.security);
    form->addRow(tr("&User name:"), s.user);
    // The standard port follows the security chosen (RFC 8314 §7.3), unless the user typed another.
    const bool outgoing = prefix == QLatin1String("outgoing");
    connect(s.security, &QComboBox::currentIndexChanged, this, [this, s, outgoing](int index) {
        const net::Protocol p = outgoing ? net::Protocol::Smtp : m_protocol->currentIndex() ? net::Protocol::Pop3 : net::Protocol::Imap;
        const quint16 implicitPort = net::ServerUrl::defaultPort(p, net::Security::ImplicitTls);
        const quint16 startTlsPort = net::ServerUrl::defaultPort(p, net::Security::StartTls);
        if (s.port->value() == implicitPort || s.port->value() == startTlsPort)
            s.port->setValue(index == 0 ? implicitPort : startTlsPort);
    });
    return s;
}

void ManualPage::fill(const Server &s, const net::ServerUrl &url)
{
    s.host->setText(url.host);
    s.security->setCurrentIndex(url.security == net::Security::StartTls ? 1 : 0);
    s.port->setValue(url.port);
    s.user->setText(url.user);
}

void ManualPage::initializePage()
{
    store::AccountConfig &a = w()->settings();
    const QString domain = autoconfig::domainOf(a.address);
    const auto standard = [&](net::Protocol p, const QString &host) {
        net::ServerUrl u;
        u.protocol = p;
        u.host = host;
        u.port = net::ServerUrl::defaultPort(p, net::Security::ImplicitTls);
        u.user = a.address;
        return u;
    };
    m_protocol->setCurrentIndex(a.pop3 ? 1 : 0);
    fill(m_in, a.pop3 ? *a.pop3 : a.imap ? *a.imap : standard(net::Protocol::Imap, QStringLiteral("imap.") + domain));
    fill(m_out, a.smtp ? *a.smtp : standard(net::Protocol::Smtp, QStringLiteral("smtp.") + domain));
    m_caFile->setText(a.caFile);
    m_problem->clear();
}

bool ManualPage::validatePage()
{
    const auto build = [this](const Server &s, net::Protocol p, const QString &what) -> std::optional<net::ServerUrl> {
        const QString host = s.host->text().trimmed();
        if (!autoconfig::isPlausibleHostName(host)) {
            m_problem->setText(tr("The %1 server '%2' is not a host name.").arg(what, host));
            return std::nullopt;
        }
        net::ServerUrl u;
        u.protocol = p;
        u.host = host;
        u.port = quint16(s.port->value());
        u.security = s.security->currentIndex() == 1 ? net::Security::StartTls : net::Security::ImplicitTls;
        u.user = s.user->text().trimmed();
        // Through the parser an account file is read with: the same rules here as for `tern account add`.
        auto checked = net::ServerUrl::parse(u.toString(), p);
        if (!checked) {
            m_problem->setText(tr("The %1 server: %2").arg(what, checked.error().message));
            return std::nullopt;
        }
        return checked.value();
    };
    const net::Protocol inProtocol = m_protocol->currentIndex() ? net::Protocol::Pop3 : net::Protocol::Imap;
    const auto in = build(m_in, inProtocol, tr("incoming"));
    if (!in)
        return false;
    const auto out = build(m_out, net::Protocol::Smtp, tr("outgoing"));
    if (!out)
        return false;
    const QString ca = m_caFile->text().trimmed();
    if (!ca.isEmpty() && !QFileInfo(ca).isReadable()) {
        m_problem->setText(tr("The CA certificate file %1 cannot be read.").arg(ca));
        return false;
    }
    store::AccountConfig &a = w()->settings();
    a.imap.reset();
    a.pop3.reset();
    (inProtocol == net::Protocol::Pop3 ? a.pop3 : a.imap) = *in;
    a.smtp = *out;
    a.caFile = ca.isEmpty() ? QString() : QFileInfo(ca).absoluteFilePath();
    m_problem->clear();
    return true;
}

// --- Live test ------------------------------------------------------------

TestPage::TestPage(QWidget *parent) : WizardPage(parent)
{
    setTitle(tr("Logging in"));
    setSubTitle(tr("Tern logs in to both servers once to check the settings and the password."));
    auto *layout = new QVBoxLayout(this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("testStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_certificate = new QPlainTextEdit(this);
    m_certificate->setObjectName(QStringLiteral("certificate"));
    m_certificate->setReadOnly(true);
    m_certificate->setMaximumHeight(160);
    auto *retryRow = new QHBoxLayout;
    m_passwordLabel = new QLabel(tr("Pass&word:"), this);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("retryPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_passwordLabel->setBuddy(m_password);
    m_retry = new QPushButton(tr("&Try Again"), this);
    m_retry->setObjectName(QStringLiteral("retry"));
    retryRow->addWidget(m_passwordLabel);
    retryRow->addWidget(m_password);
    retryRow->addWidget(m_retry);
    layout->addWidget(m_busy);
    layout->addWidget(m_status);
    layout->addWidget(m_certificate);
    layout->addLayout(retryRow);
    layout->addStretch();
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (!m_password->text().isEmpty())
            w()->setPassword(m_password->text());
        run();
    });
    connect(m_password, &QLineEdit::returnPressed, m_retry, &QPushButton::click);
}

void TestPage::initializePage()
{
    m_password->clear();
    run();
}

void TestPage::cleanupPage()
{
    if (m_check)
        m_check->cancel();
    m_passed = false;
}

void TestPage::run()
{
    m_passed = false;
    emit completeChanged();
    m_certificate->hide();
    m_passwordLabel->hide();
    m_password->hide();
    m_retry->setEnabled(false);
    m_busy->show();
    delete m_check;
    m_check = new autoconfig::ConnectionCheck(w()->settings(), w()->password(), this);
    connect(m_check, &autoconfig::ConnectionCheck::progress, this, [this](const net::ServerUrl &server) {
        m_status->setText(tr("Logging in to %1…").arg(describeServer(server)));
    });
    connect(m_check, &autoconfig::ConnectionCheck::finished, this, &TestPage::finished);
    m_check->start();
}

void TestPage::finished(const QList<autoconfig::CheckOutcome> &outcomes)
{
    m_busy->hide();
    m_retry->setEnabled(true);
    QStringList lines;
    QStringList certificates;
    bool passwordProblem = false;
    m_passed = !outcomes.isEmpty();
    for (const auto &o : outcomes) {
        m_passed = m_passed && o.ok();
        QString line = explainProblem(o);
        if (!o.ok() && !o.message.isEmpty() && o.problem != autoconfig::Problem::Certificate)   // the certificate is shown below
            line += QLatin1Char('\n') + tr("(%1)").arg(o.message);
        lines << line;
        if (o.problem == autoconfig::Problem::Certificate) {
            QStringList reasons;
            for (const QSslError &e : o.sslErrors)
                reasons << e.errorString();
            reasons.removeDuplicates();
            certificates << tr("Reason: %1").arg(reasons.join(QStringLiteral("; "))) + QLatin1Char('\n') + describeCertificate(o.certificate);
        }
        passwordProblem = passwordProblem || o.problem == autoconfig::Problem::WrongPassword;
    }
    if (m_passed)
        lines.prepend(tr("Both servers accepted the settings and the password."));
    else
        lines << tr("Go Back to change the settings, or try again.");
    m_status->setText(lines.join(QStringLiteral("\n\n")));
    certificates.removeDuplicates();
    m_certificate->setPlainText(certificates.join(QStringLiteral("\n\n")));
    m_certificate->moveCursor(QTextCursor::Start);
    m_certificate->setVisible(!certificates.isEmpty());
    m_passwordLabel->setVisible(passwordProblem);
    m_password->setVisible(passwordProblem);
    if (passwordProblem)
        m_password->setFocus();
    emit completeChanged();
}

// --- Mode and saving ------------------------------------------------------


ModePage::ModePage(QWidget *parent) : WizardPage(parent)
{
    setTitle(tr("How Tern keeps this account"));
    setFinalPage(true);
    auto *layout = new QVBoxLayout(this);
    m_imapBox = new QWidget(this);
    auto *imap = new QVBoxLayout(m_imapBox);
    imap->setContentsMargins(0, 0, 0, 0);
    m_disconnected = new QRadioButton(tr("&Disconnected: a full copy here; everything works offline and reaches the server later"), m_imapBox);
    m_disconnected->setObjectName(QStringLiteral("modeDisconnected"));
    m_online = new QRadioButton(tr("O&nline: headers here, messages fetched when read; actions go straight to the server"), m_imapBox);
    m_online->setObjectName(QStringLiteral("modeOnline"));
    m_disconnected->setChecked(true);
    imap->addWidget(m_disconnected);
    imap->addWidget(m_online);
    layout->addWidget(m_imapBox);

    m_pop3Box = new QWidget(this);
    auto *pop3 = new QVBoxLayout(m_pop3Box);
    pop3->setContentsMargins(0, 0, 0, 0);
    m_offline = new QRadioButton(tr("Offline (POP3): mail is downloaded and kept here"), m_pop3Box);
    m_offline->setObjectName(QStringLiteral("modeOffline"));
    m_offline->setChecked(true);
    pop3->addWidget(m_offline);
    auto *leave = new QGroupBox(tr("On the server, once a message is safely stored here"), m_pop3Box);
    auto *leaveLayout = new QVBoxLayout(leave);
    m_keep = new QRadioButton(tr("&Leave it on the server"), leave);
    m_keep->setObjectName(QStringLiteral("leaveKeep"));
    m_delete = new QRadioButton(tr("Delete it from the ser&ver"), leave);
    m_delete->setObjectName(QStringLiteral("leaveDelete"));
    m_keep->setChecked(true);
    auto *daysRow = new QHBoxLayout;
    m_days = new QCheckBox(tr("but delete it after"), leave);
    m_days->setObjectName(QStringLiteral("leaveDays"));
    m_dayCount = new QSpinBox(leave);
    m_dayCount->setObjectName(QStringLiteral("leaveDayCount"));
    m_dayCount->setRange(1, 36500);
    m_dayCount->setValue(14);
    m_dayCount->setSuffix(tr(" days"));
    daysRow->addSpacing(24);
    daysRow->addWidget(m_days);
    daysRow->addWidget(m_dayCount);
    daysRow->addStretch();
    m_untilDeleted = new QCheckBox(tr("and when I delete it here"), leave);
    m_untilDeleted->setObjectName(QStringLiteral("leaveUntilDeleted"));
    auto *untilRow = new QHBoxLayout;
    untilRow->addSpacing(24);
    untilRow->addWidget(m_untilDeleted);
    leaveLayout->addWidget(m_keep);
    leaveLayout->addLayout(daysRow);
    leaveLayout->addLayout(untilRow);
    leaveLayout->addWidget(m_delete);
    pop3->addWidget(leave);
    layout->addWidget(m_pop3Box);
    const auto keepOptions = [this] {
        m_days->setEnabled(m_keep->isChecked());
        m_dayCount->setEnabled(m_keep->isChecked() && m_days->isChecked());
        m_untilDeleted->setEnabled(m_keep->isChecked());
    };
    connect(m_keep, &QRadioButton::toggled, this, keepOptions);
    connect(m_days, &QCheckBox::toggled, this, keepOptions);
    keepOptions();

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("saveStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    layout->addStretch();
}

void ModePage::initializePage()
{
    const bool pop3 = w()->settings().pop3.has_value();
    m_imapBox->setVisible(!pop3);
    m_pop3Box->setVisible(pop3);
    setSubTitle(pop3 ? tr("A POP3 account downloads its mail; choose what stays on the server.")
                     : tr("Choose how much of the mailbox Tern keeps on this computer."));
    m_status->clear();
}

store::AccountConfig ModePage::chosen() const
{
    store::AccountConfig a = w()->settings();
    if (a.pop3) {
        a.mode = store::AccountMode::Offline;
        a.leaveOnServer = store::LeaveOnServer{};
        a.leaveOnServer.keep = m_keep->isChecked();
        if (a.leaveOnServer.keep) {
            a.leaveOnServer.maxDays = m_days->isChecked() ? m_dayCount->value() : 0;
            a.leaveOnServer.untilDeletedHere = m_untilDeleted->isChecked();
        }
    } else {
        a.mode = m_online->isChecked() ? store::AccountMode::Online : store::AccountMode::Disconnected;
    }
    return a;
}

bool ModePage::validatePage()
{
    if (m_saved)
        return true;
    if (m_saving)
        return false;
    // As `tern account add` and `tern account password` do, on this thread: the
    // keyring library keeps its D-Bus connection bound to the event loop of the
    // thread that used it first (a worker thread per save hung the second save
    // of a session; one kept alive crashed in the library). The keyring call
    // runs its own event loop, so the window keeps painting while an unlock
    // prompt waits; every button is off meanwhile.
    m_saving = true;
    m_status->setText(tr("Saving the account and storing the password in the keyring…"));
    for (auto b : {QWizard::FinishButton, QWizard::BackButton, QWizard::CancelButton})
        wizard()->button(b)->setEnabled(false);
    const store::AccountConfig account = chosen();
    const QPointer<ModePage> self(this);
    QMetaObject::invokeMethod(this, [self, profile = w()->profile(), account, password = w()->password()] {
        const Status result = store::addAccount(profile, account, password);
        if (self)
            self->saved(result, account.name);
    }, Qt::QueuedConnection);
    return false;
}

void ModePage::saved(const Status &result, const QString &name)
{
    m_saving = false;
    for (auto b : {QWizard::FinishButton, QWizard::BackButton, QWizard::CancelButton})
        wizard()->button(b)->setEnabled(true);
    if (!result.ok()) {
        m_status->setText(tr("The account was not saved: %1").arg(result.error().message));
        return;
    }
    m_saved = true;
    m_status->setText(tr("Saved."));
    emit w()->accountAdded(name);
    wizard()->accept();
}

} // namespace tern::ui

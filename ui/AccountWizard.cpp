#include "AccountWizard.h"
#include "AccountWizardPages.h"

#include "autoconfig/ConfigXml.h"
#include "net/TlsPolicy.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace tern::ui {

namespace {
QString securityText(net::Security s)
{
    switch (s) {
    case net::Security::ImplicitTls: return AccountWizard::tr("SSL/TLS");
    case net::Security::StartTls: return AccountWizard::tr("STARTTLS");
    case net::Security::Plaintext: return AccountWizard::tr("no encryption (this computer only)");
    }
    return {};
}

QString sourceText(autoconfig::Source s)
{
    switch (s) {
    case autoconfig::Source::Srv: return AccountWizard::tr("the domain's DNS SRV records");
    case autoconfig::Source::Autoconfig: return AccountWizard::tr("the domain's configuration file");
    case autoconfig::Source::IspDatabase: return AccountWizard::tr("Tern's list of providers");
    case autoconfig::Source::Guess: return AccountWizard::tr("a server that answered");
    }
    return {};
}
} // namespace

QString describeServer(const net::ServerUrl &url)
{
    const QString protocol = url.protocol == net::Protocol::Imap ? QStringLiteral("IMAP")
                           : url.protocol == net::Protocol::Pop3 ? QStringLiteral("POP3") : QStringLiteral("SMTP");
    return AccountWizard::tr("%1, %2, port %3, %4, user %5").arg(protocol, url.host).arg(url.port).arg(securityText(url.security), url.user);
}

QString describeCertificate(const QSslCertificate &cert)
{
    if (cert.isNull())
        return QString();
    return AccountWizard::tr("Subject: %1\nIssuer: %2\nValid from %3 to %4\nSHA-256 fingerprint: %5")
        .arg(cert.subjectDisplayName(), cert.issuerDisplayName(), QLocale().toString(cert.effectiveDate(), QLocale::ShortFormat),
             QLocale().toString(cert.expiryDate(), QLocale::ShortFormat), net::sha256Fingerprint(cert));
}

QString explainProblem(const autoconfig::CheckOutcome &o)
{
    const QString server = QStringLiteral("%1:%2").arg(o.server.host).arg(o.server.port);
    switch (o.problem) {
    case autoconfig::Problem::None:
        return AccountWizard::tr("%1: logged in.").arg(server);
    case autoconfig::Problem::WrongPassword:
        return AccountWizard::tr("%1 refused the user name or password. Check the password; the user name is in Manual Settings.").arg(server);
    case autoconfig::Problem::Certificate:
        return AccountWizard::tr("The certificate of %1 is not trusted, so Tern did not send your password. If this is your provider's "
                                 "server, give the CA certificate that signed it in Manual Settings; otherwise someone may be "
                                 "pretending to be it.").arg(server);
    case autoconfig::Problem::Unreachable:
        return AccountWizard::tr("%1 cannot be reached. Check the host name and port, and your network connection.").arg(server);
    case autoconfig::Problem::NoStartTls:
        return AccountWizard::tr("%1 does not offer STARTTLS, so the connection could not be encrypted. Choose SSL/TLS in "
                                 "Manual Settings.").arg(server);
    case autoconfig::Problem::Other:
        return AccountWizard::tr("%1 could not be used.").arg(server);
    }
    return {};
}

AccountWizard::AccountWizard(const store::Profile &profile, QWidget *parent)
    : QWizard(parent), m_profile(profile)
{
    setObjectName(QStringLiteral("accountWizard"));
    setWindowTitle(tr("Add Account"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage, false);
    setPage(IdentityPage, new ui::IdentityPage(this));
    setPage(DetectPage, new ui::DetectPage(this));
    setPage(ResultPage, new ui::ResultPage(this));
    setPage(ManualPage, new ui::ManualPage(this));
    setPage(TestPage, new ui::TestPage(this));
    setPage(ModePage, new ui::ModePage(this));
    setStartId(IdentityPage);
    resize(640, 520);
}

AccountWizard::~AccountWizard() = default;

QString AccountWizard::suggestedName(const QString &address) const
{
    QString base = autoconfig::domainOf(address);
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("-"));
    while (base.startsWith(QLatin1Char('.')) || base.startsWith(QLatin1Char('-')) || base.startsWith(QLatin1Char('_')))
        base.remove(0, 1);
    if (base.isEmpty())
        base = QStringLiteral("mail");
    base = base.left(60);
    QStringList taken;
    if (auto accounts = store::AccountStore(m_profile.accountsFile()).load())
        for (const auto &a : accounts.value())
            taken << a.name;
    QString name = base;
    for (int i = 2; taken.contains(name) && i < 100; ++i)
        name = QStringLiteral("%1-%2").arg(base).arg(i);
    return name;
}

// --- Identity -------------------------------------------------------------

IdentityPage::IdentityPage(QWidget *parent) : WizardPage(parent)
{
    setTitle(tr("Your mail account"));
    setSubTitle(tr("Tern looks up the servers of your address; nothing is sent before you have seen them."));
    auto *form = new QFormLayout(this);
    m_address = new QLineEdit(this);
    m_address->setObjectName(QStringLiteral("address"));
    m_address->setPlaceholderText(tr("you@example.org"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("accountName"));
    m_name->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")), m_name));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("identityProblem"));
    m_problem->setWordWrap(true);
    form->addRow(tr("&Email address:"), m_address);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("Account &name:"), m_name);
    form->addRow(m_problem);
    connect(m_address, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (!m_nameEdited)
            m_name->setText(w() ? w()->suggestedName(text.trimmed()) : QString());
        emit completeChanged();
    });
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; emit completeChanged(); });
    connect(m_password, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
}

QString IdentityPage::password() const
{
    return m_password->text();
}

bool IdentityPage::isComplete() const
{
    const QString a = m_address->text().trimmed();
    return !autoconfig::domainOf(a).isEmpty() && !autoconfig::localPartOf(a).isEmpty() && !m_password->text().isEmpty()
           && m_name->hasAcceptableInput();
}

bool IdentityPage::validatePage()
{
    const QString address = m_address->text().trimmed();
    if (!autoconfig::isPlausibleHostName(autoconfig::domainOf(address))) {
        m_problem->setText(tr("'%1' is not a mail address.").arg(address));
        return false;
    }
    if (auto accounts = store::AccountStore(w()->profile().accountsFile()).load()) {
        for (const auto &a : accounts.value())
            if (a.name == m_name->text()) {
                m_problem->setText(tr("An account named '%1' exists already.").arg(a.name));
                return false;
            }
    }
    m_problem->clear();
    store::AccountConfig &s = w()->settings();
    s.name = m_name->text();
    s.address = address;
    w()->setPassword(m_password->text());
    return true;
}

// --- Detect ---------------------------------------------------------------

DetectPage::DetectPage(QWidget *parent) : WizardPage(parent)
{
    setTitle(tr("Looking for your servers"));
    auto *layout = new QVBoxLayout(this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("detectStatus"));
    m_status->setWordWrap(true);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_stop = new QPushButton(tr("&Stop and Enter Settings Manually"), this);
    m_stop->setObjectName(QStringLiteral("stopDetect"));
    layout->addWidget(m_status);
    layout->addWidget(m_busy);
    layout->addWidget(m_stop, 0, Qt::AlignLeft);
    layout->addStretch();
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (m_discovery)
            m_discovery->cancel();
        finished(w()->found());
    });
}

void DetectPage::initializePage()
{
    m_done = false;
    m_busy->show();
    m_stop->setEnabled(true);
    w()->found() = autoconfig::Discovery{};
    delete m_discovery;
    m_discovery = new autoconfig::AccountDiscovery(w()->discoveryOptions(), this);
    connect(m_discovery, &autoconfig::AccountDiscovery::progress, this, [this](autoconfig::Source step, const QString &what) {
        switch (step) {
        case autoconfig::Source::Srv: m_status->setText(tr("Looking up the DNS SRV records of %1…").arg(what)); break;
        case autoconfig::Source::Autoconfig: m_status->setText(tr("Asking %1 for a configuration file…").arg(what)); break;
        case autoconfig::Source::IspDatabase: m_status->setText(tr("Looking in Tern's list of providers…")); break;
        case autoconfig::Source::Guess: m_status->setText(tr("Trying the usual server names of %1…").arg(what)); break;
        }
    });
    connect(m_discovery, &autoconfig::AccountDiscovery::finished, this, &DetectPage::finished);
    m_status->setText(tr("Looking up the servers of %1…").arg(w()->settings().address));
    m_discovery->start(w()->settings().address);
}

void DetectPage::cleanupPage()
{
    if (m_discovery)
        m_discovery->cancel();
    m_done = false;
}

void DetectPage::finished(const autoconfig::Discovery &d)
{
    w()->found() = d;
    m_done = true;
    m_busy->hide();
    m_stop->setEnabled(false);
    m_status->setText(d.complete() ? tr("Found the settings.") : tr("No complete settings found: please enter them."));
    emit completeChanged();
    // On to the settings at once: there is nothing to decide on this page.
    QMetaObject::invokeMethod(wizard(), [wz = wizard(), self = QPointer<DetectPage>(this)] {
        if (self && wz->currentPage() == self)
            wz->next();
    }, Qt::QueuedConnection);
}

int DetectPage::nextId() const
{
    return w()->found().complete() ? AccountWizard::ResultPage : AccountWizard::ManualPage;
}

// --- Result ---------------------------------------------------------------

ResultPage::ResultPage(QWidget *parent) : WizardPage(parent)
{
    setTitle(tr("Settings found"));
    setSubTitle(tr("Check that these servers belong to your provider: DNS and web answers are not signed."));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_incoming = new QComboBox(this);
    m_incoming->setObjectName(QStringLiteral("foundIncoming"));
    m_outgoing = new QComboBox(this);
    m_outgoing->setObjectName(QStringLiteral("foundOutgoing"));
    form->addRow(tr("&Incoming:"), m_incoming);
    form->addRow(tr("&Outgoing:"), m_outgoing);
    layout->addLayout(form);
    m_log = new QLabel(this);
    m_log->setObjectName(QStringLiteral("foundFrom"));
    m_log->setWordWrap(true);
    layout->addWidget(m_log);
    m_use = new QRadioButton(tr("&Use these settings"), this);
    m_use->setObjectName(QStringLiteral("useFound"));
    m_edit = new QRadioButton(tr("&Edit the settings first"), this);
    m_edit->setObjectName(QStringLiteral("editFound"));
    m_use->setChecked(true);
    layout->addWidget(m_use);
    layout->addWidget(m_edit);
    layout->addStretch();
    const auto explainChoice = [this] {
        QStringList lines;
        for (QComboBox *box : {m_incoming, m_outgoing}) {
            const int i = box->currentIndex();
            const auto &list = box == m_incoming ? w()->found().incoming : w()->found().outgoing;
            if (i >= 0 && i < list.size())
                lines << tr("%1 comes from %2 (%3).").arg(list.at(i).url.host, sourceText(list.at(i).source), list.at(i).detail);
        }
        m_log->setText(lines.join(QLatin1Char('\n')));
    };
    connect(m_incoming, &QComboBox::currentIndexChanged, this, explainChoice);
    connect(m_outgoing, &QComboBox::currentIndexChanged, this, explainChoice);
}

void ResultPage::initializePage()
{
    m_incoming->clear();
    m_outgoing->clear();
    for (const auto &s : std::as_const(w()->found().incoming))
        m_incoming->addItem(describeServer(s.url));
    for (const auto &s : std::as_const(w()->found().outgoing))
        m_outgoing->addItem(describeServer(s.url));
    m_incoming->setCurrentIndex(0);
    m_outgoing->setCurrentIndex(0);
    emit m_incoming->currentIndexChanged(0);
}

bool ResultPage::validatePage()
{
    store::AccountConfig &s = w()->settings();
    const auto &in = w()->found().incoming.at(qMax(0, m_incoming->currentIndex())).url;
    s.imap.reset();
    s.pop3.reset();
    (in.protocol == net::Protocol::Pop3 ? s.pop3 : s.imap) = in;
    s.smtp = w()->found().outgoing.at(qMax(0, m_outgoing->currentIndex())).url;
    return true;
}

int ResultPage::nextId() const
{
    return m_edit->isChecked() ? AccountWizard::ManualPage : AccountWizard::TestPage;
}

} // namespace tern::ui

#pragma once
// The account setup wizard (issue #7, point 5): address and password, then
// autoconfiguration (core/autoconfig: SRV, the domain's autoconfig file,
// Tern's provider list, guessing), the settings found or typed by hand, a
// live login to the servers with problems a user can act on, the mode
// (online, disconnected, or POP3 offline with its leave-on-server policy), and
// the account saved as `tern account add` saves it, its password in the keyring.
#include "autoconfig/AccountDiscovery.h"
#include "autoconfig/ConnectionCheck.h"
#include "store/AccountConfig.h"
#include "store/Profile.h"
#include <QWizard>

namespace tern::ui {

class AccountWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { IdentityPage, DetectPage, ResultPage, ManualPage, TestPage, ModePage };

    explicit AccountWizard(const store::Profile &profile, QWidget *parent = nullptr);
    ~AccountWizard() override;

    // Where autoconfiguration looks (tests point it at loopback servers).
    void setDiscoveryOptions(const autoconfig::DiscoveryOptions &options) { m_options = options; }
    const autoconfig::DiscoveryOptions &discoveryOptions() const { return m_options; }

    // The account as configured so far, and what autoconfiguration found.
    store::AccountConfig &settings() { return m_settings; }
    autoconfig::Discovery &found() { return m_found; }
    QString password() const { return m_password; }
    void setPassword(const QString &password) { m_password = password; }
    const store::Profile &profile() const { return m_profile; }

    // A free account name for an address: its domain, then domain-2, …
    QString suggestedName(const QString &address) const;

signals:
    void accountAdded(const QString &name);

private:
    store::Profile m_profile;
    autoconfig::DiscoveryOptions m_options;
    autoconfig::Discovery m_found;
    store::AccountConfig m_settings;
    QString m_password;
};

// A problem of the live test, in words a user can act on (translated).
QString explainProblem(const autoconfig::CheckOutcome &outcome);
// The certificate's subject, issuer, validity and SHA-256 fingerprint (translated labels).
QString describeCertificate(const QSslCertificate &cert);
// "IMAP, imap.example.org, port 993, SSL/TLS, user alice" for a server.
QString describeServer(const net::ServerUrl &url);

} // namespace tern::ui

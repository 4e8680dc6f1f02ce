#pragma once
// Finds the servers of a mail address, in the order of trust:
//  1. RFC 6186 SRV records of the domain (_imaps, _imap, _pop3s, _pop3,
//     _submissions (RFC 8314 §5.1), _submission), a target "." meaning "not offered";
//  2. the domain's autoconfig file over HTTPS (https://autoconfig.DOMAIN/mail/config-v1.1.xml,
//     then https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml), bounded in size and time;
//  3. Tern's bundled ISP database;
//  4. guessing imap./mail./smtp.DOMAIN on the standard ports (only for what 1-3 did not find).
// SRV and HTTPS run at once. Every lookup is injectable (Options) so tests
// point them at loopback servers; nothing here asks for or sends a password.
#include "autoconfig/Discovery.h"
#include "autoconfig/SrvResolver.h"
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace tern::autoconfig {

class ServerProbe;

struct DiscoveryOptions {
    // Templates with %DOMAIN% and %ADDRESS% (percent-encoded); https only.
    QStringList autoconfigUrls = {
        QStringLiteral("https://autoconfig.%DOMAIN%/mail/config-v1.1.xml?emailaddress=%ADDRESS%"),
        QStringLiteral("https://%DOMAIN%/.well-known/autoconfig/mail/config-v1.1.xml"),
    };
    bool srv = true;
    std::shared_ptr<SrvResolver> resolver;   // null: DNS through QDnsLookup
    QString caFile;                          // extra CAs for the HTTPS fetch and the probes
    int httpTimeoutMs = 10000;
    qsizetype maxConfigBytes = 256 * 1024;
    bool useIspDatabase = true;
    bool guess = true;
    int probeTimeoutMs = 6000;
    // Empty: guessIncoming()/guessOutgoing() of the domain. Tests give loopback servers.
    QList<net::ServerUrl> guessIncomingServers, guessOutgoingServers;
};

class AccountDiscovery : public QObject {
    Q_OBJECT
public:
    explicit AccountDiscovery(DiscoveryOptions options = {}, QObject *parent = nullptr);
    ~AccountDiscovery() override;

    // Starts for `emailAddress`; finished() follows (also for an invalid address).
    void start(const QString &emailAddress);
    // Stops every lookup; finished() is not emitted.
    void cancel();
    bool isRunning() const { return m_running; }

    static constexpr int kMaxRedirects = 3;

signals:
    // What runs now: the source, and the name or host asked (for the wizard's progress line).
    void progress(tern::autoconfig::Source step, const QString &what);
    void finished(const tern::autoconfig::Discovery &result);

private:
    void lookupSrv();
    void fetchAutoconfig(int index);
    void firstRoundDone();
    void startGuessing();
    void probeDone();
    void finish();
    void note(const QString &line);

    DiscoveryOptions m_options;
    QString m_address, m_domain;
    Discovery m_result;
    QList<FoundServer> m_srvIncoming, m_srvOutgoing, m_configIncoming, m_configOutgoing;
    int m_srvPending = 0;
    bool m_configPending = false;
    bool m_running = false;
    quint64 m_generation = 0;   // callbacks of a cancelled run are ignored
    QNetworkAccessManager *m_network = nullptr;
    QPointer<QNetworkReply> m_reply;
    struct Probe {
        ServerProbe *probe = nullptr;
        bool outgoing = false;
        int state = 0;   // 0 running, 1 ok, -1 failed
    };
    QList<Probe> m_probes;
};

} // namespace tern::autoconfig

Q_DECLARE_METATYPE(tern::autoconfig::Discovery)

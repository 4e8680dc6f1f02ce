#include "autoconfig/AccountDiscovery.h"

#include "autoconfig/ConfigXml.h"
#include "autoconfig/IspDatabase.h"
#include "autoconfig/ServerProbe.h"
#include "net/TlsPolicy.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>

namespace tern::autoconfig {

namespace {

struct SrvService {
    const char *label;
    net::Protocol protocol;
    net::Security security;
};
// RFC 6186 §3.1-3.3 and RFC 8314 §5.1 (_submissions).
constexpr SrvService kSrvServices[] = {
    {"_imaps._tcp.", net::Protocol::Imap, net::Security::ImplicitTls},
    {"_imap._tcp.", net::Protocol::Imap, net::Security::StartTls},
    {"_pop3s._tcp.", net::Protocol::Pop3, net::Security::ImplicitTls},
    {"_pop3._tcp.", net::Protocol::Pop3, net::Security::StartTls},
    {"_submissions._tcp.", net::Protocol::Smtp, net::Security::ImplicitTls},
    {"_submission._tcp.", net::Protocol::Smtp, net::Security::StartTls},
};

struct Ranked {
    FoundServer server;
    quint16 priority, weight;
};

// RFC 6186 §3.4: the priority decides, across IMAP and POP3 too; at equal
// priority IMAP before POP3 and implicit TLS before STARTTLS (RFC 8314 §5.1),
// then the heavier weight (RFC 2782).
void sortRanked(QList<Ranked> &list)
{
    std::stable_sort(list.begin(), list.end(), [](const Ranked &a, const Ranked &b) {
        if (a.priority != b.priority)
            return a.priority < b.priority;
        const int pa = a.server.url.protocol == net::Protocol::Pop3, pb = b.server.url.protocol == net::Protocol::Pop3;
        if (pa != pb)
            return pa < pb;
        const int sa = a.server.url.security != net::Security::ImplicitTls, sb = b.server.url.security != net::Security::ImplicitTls;
        if (sa != sb)
            return sa < sb;
        return a.weight > b.weight;
    });
}

void appendUnique(QList<FoundServer> &into, const QList<FoundServer> &from)
{
    for (const FoundServer &s : from) {
        const bool seen = std::any_of(into.cbegin(), into.cend(), [&](const FoundServer &t) { return t.url.toString() == s.url.toString(); });
        if (!seen)
            into << s;
    }
}

} // namespace

AccountDiscovery::AccountDiscovery(DiscoveryOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
    qRegisterMetaType<tern::autoconfig::Discovery>();
    if (!m_options.resolver)
        m_options.resolver = std::make_shared<DnsSrvResolver>();
}

AccountDiscovery::~AccountDiscovery()
{
    cancel();
}

void AccountDiscovery::note(const QString &line)
{
    if (m_result.log.size() < 200)
        m_result.log << line;
}

void AccountDiscovery::start(const QString &emailAddress)
{
    cancel();
    ++m_generation;
    m_running = true;
    m_result = Discovery{};
    m_srvIncoming.clear();
    m_srvOutgoing.clear();
    m_configIncoming.clear();
    m_configOutgoing.clear();
    m_address = emailAddress.trimmed();
    m_domain = domainOf(m_address);
    if (m_domain.isEmpty() || localPartOf(m_address).isEmpty() || !isPlausibleHostName(m_domain)) {
        note(QStringLiteral("'%1' is not a mail address (name@domain)").arg(m_address.left(100)));
        QMetaObject::invokeMethod(this, [this, g = m_generation] { if (g == m_generation) finish(); }, Qt::QueuedConnection);
        return;
    }
    // Later, never from inside start(): a caller connects to finished() after start() too.
    QMetaObject::invokeMethod(this, [this, g = m_generation] {
        if (g != m_generation)
            return;
        m_configPending = true;   // SRV answers must not finish the first round before the fetch starts
        lookupSrv();
        fetchAutoconfig(0);
    }, Qt::QueuedConnection);
}

void AccountDiscovery::cancel()
{
    ++m_generation;
    m_running = false;
    if (m_reply) {
        QNetworkReply *r = m_reply;
        m_reply = nullptr;
        r->abort();
        r->deleteLater();
    }
    for (Probe &p : m_probes)
        p.probe->deleteLater();
    m_probes.clear();
    m_srvPending = 0;
    m_configPending = false;
}

void AccountDiscovery::lookupSrv()
{
    if (!m_options.srv)
        return;
    emit progress(Source::Srv, m_domain);
    m_srvPending = int(std::size(kSrvServices));
    auto incoming = std::make_shared<QList<Ranked>>();
    auto outgoing = std::make_shared<QList<Ranked>>();
    for (const SrvService &service : kSrvServices) {
        const QString name = QLatin1String(service.label) + m_domain;
        m_options.resolver->lookup(name, this, [this, g = m_generation, name, service, incoming, outgoing](const Result<QList<SrvRecord>> &r) {
            if (g != m_generation)
                return;
            if (!r) {
                note(r.error().message);
            } else if (r.value().isEmpty()) {
                note(QStringLiteral("no SRV record %1").arg(name));
            } else if (r.value().size() == 1 && r.value().constFirst().target == QLatin1String(".")) {
                note(QStringLiteral("%1: the domain says this service is not offered").arg(name));   // RFC 6186 §3
            } else {
                for (SrvRecord rec : r.value()) {
                    if (rec.target.size() > 1 && rec.target.endsWith(QLatin1Char('.')))
                        rec.target.chop(1);   // the root of a fully qualified name
                    if (rec.target == QLatin1String(".") || rec.port == 0 || !isPlausibleHostName(rec.target)) {
                        note(QStringLiteral("%1: ignored a record with target '%2' port %3").arg(name, rec.target.left(80)).arg(rec.port));
                        continue;
                    }
                    net::ServerUrl url;
                    url.protocol = service.protocol;
                    url.security = service.security;
                    url.host = rec.target.toLower();
                    url.port = rec.port;
                    url.user = m_address;   // RFC 6186 §4: the full address is the user name to try
                    (service.protocol == net::Protocol::Smtp ? *outgoing : *incoming)
                        << Ranked{FoundServer{url, Source::Srv, name}, rec.priority, rec.weight};
                    note(QStringLiteral("%1: %2:%3").arg(name, url.host).arg(url.port));
                }
            }
            if (--m_srvPending > 0)
                return;
            sortRanked(*incoming);
            sortRanked(*outgoing);
            for (const Ranked &x : std::as_const(*incoming))
                m_srvIncoming << x.server;
            for (const Ranked &x : std::as_const(*outgoing))
                m_srvOutgoing << x.server;
            firstRoundDone();
        });
    }
}

void AccountDiscovery::fetchAutoconfig(int index)
{
    m_configPending = index < m_options.autoconfigUrls.size();
    if (!m_configPending) {
        firstRoundDone();
        return;
    }
    QString text = m_options.autoconfigUrls.at(index);
    text.replace(QLatin1String("%DOMAIN%"), m_domain);
    text.replace(QLatin1String("%ADDRESS%"), QString::fromLatin1(QUrl::toPercentEncoding(m_address)));
    const QUrl url(text);
    if (url.scheme() != QLatin1String("https") || !url.isValid()) {
        note(QStringLiteral("%1: only HTTPS is asked for a configuration").arg(url.toString()));
        fetchAutoconfig(index + 1);
        return;
    }
    emit progress(Source::Autoconfig, url.host());
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(kMaxRedirects);
    request.setTransferTimeout(m_options.httpTimeoutMs);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    auto conf = net::TlsPolicy{m_options.caFile, {}}.clientConfiguration();
    if (!conf) {
        note(conf.error().message);
        fetchAutoconfig(index + 1);
        return;
    }
    request.setSslConfiguration(conf.value());
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    auto body = std::make_shared<QByteArray>();
    const qsizetype max = m_options.maxConfigBytes;
    connect(reply, &QNetworkReply::readyRead, this, [this, reply, body, max, url] {
        *body += reply->read(max + 1 - body->size());
        if (body->size() > max) {
            note(QStringLiteral("%1: the answer is larger than %2 KB; ignored").arg(url.toString()).arg(max / 1024));
            body->clear();
            reply->setProperty("tooLarge", true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, body, url, index, g = m_generation] {
        reply->deleteLater();
        if (g != m_generation)
            return;
        m_reply = nullptr;
        if (reply->property("tooLarge").toBool()) {
            fetchAutoconfig(index + 1);
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError && status == 0) {
            note(QStringLiteral("%1: %2").arg(url.toString(), reply->errorString()));
            fetchAutoconfig(index + 1);
            return;
        }
        if (status != 200) {
            note(QStringLiteral("%1: HTTP status %2").arg(url.toString()).arg(status));
            fetchAutoconfig(index + 1);
            return;
        }
        const QString where = reply->url().toString(QUrl::RemoveQuery);
        auto parsed = parseConfigXml(*body, m_address, Source::Autoconfig, where);
        if (!parsed) {
            note(QStringLiteral("%1: %2").arg(where, parsed.error().message));
            fetchAutoconfig(index + 1);
            return;
        }
        if (parsed.value().isEmpty()) {
            note(QStringLiteral("%1: no provider in the configuration").arg(where));
            fetchAutoconfig(index + 1);
            return;
        }
        const ProviderConfig &p = parsed.value().constFirst();
        for (const QString &n : p.notes)
            note(QStringLiteral("%1: %2").arg(where, n));
        m_configIncoming = p.incoming;
        m_configOutgoing = p.outgoing;
        note(QStringLiteral("%1: %2 incoming and %3 outgoing servers").arg(where).arg(p.incoming.size()).arg(p.outgoing.size()));
        m_configPending = false;
        firstRoundDone();
    });
}

void AccountDiscovery::firstRoundDone()
{
    if (m_srvPending > 0 || m_configPending || !m_running)
        return;
    appendUnique(m_result.incoming, m_srvIncoming);
    appendUnique(m_result.outgoing, m_srvOutgoing);
    appendUnique(m_result.incoming, m_configIncoming);
    appendUnique(m_result.outgoing, m_configOutgoing);
    if (m_options.useIspDatabase) {
        emit progress(Source::IspDatabase, m_domain);
        if (const auto p = lookupIspDatabase(m_address)) {
            note(QStringLiteral("Tern's provider list knows %1 (%2)").arg(m_domain, p->displayName));
            appendUnique(m_result.incoming, p->incoming);
            appendUnique(m_result.outgoing, p->outgoing);
        }
    }
    if (m_result.complete() || !m_options.guess) {
        finish();
        return;
    }
    startGuessing();
}

void AccountDiscovery::startGuessing()
{
    QList<std::pair<net::ServerUrl, bool>> candidates;
    if (m_result.incoming.isEmpty()) {
        const auto list = m_options.guessIncomingServers.isEmpty() ? guessIncoming(m_domain, m_address) : m_options.guessIncomingServers;
        for (const auto &u : list)
            candidates.append({u, false});
    }
    if (m_result.outgoing.isEmpty()) {
        const auto list = m_options.guessOutgoingServers.isEmpty() ? guessOutgoing(m_domain, m_address) : m_options.guessOutgoingServers;
        for (const auto &u : list)
            candidates.append({u, true});
    }
    emit progress(Source::Guess, m_domain);
    const net::TlsPolicy policy{m_options.caFile, {}};
    for (const auto &[url, outgoing] : candidates) {
        auto *probe = new ServerProbe(url, policy, m_options.probeTimeoutMs, this);
        m_probes << Probe{probe, outgoing, 0};
        connect(probe, &ServerProbe::finished, this, [this, probe, g = m_generation](bool ok, const QString &why) {
            if (g != m_generation)
                return;
            for (Probe &p : m_probes)
                if (p.probe == probe)
                    p.state = ok ? 1 : -1;
            note(ok ? QStringLiteral("%1 answers").arg(probe->server().toString()) : QStringLiteral("%1: %2").arg(probe->server().toString(), why));
            probeDone();
        });
    }
    if (m_probes.isEmpty()) {
        finish();
        return;
    }
    for (const Probe &p : std::as_const(m_probes))
        p.probe->start();
}

void AccountDiscovery::probeDone()
{
    // The first candidate in the preferred order that answered, once every
    // candidate before it has failed: a slow better server wins over a quick worse one.
    std::optional<FoundServer> chosen[2];
    bool decided[2] = {true, true};
    for (int side = 0; side < 2; ++side) {
        bool any = false;
        for (const Probe &p : std::as_const(m_probes)) {
            if (p.outgoing != bool(side))
                continue;
            any = true;
            if (p.state == 0) {
                decided[side] = false;
                break;
            }
            if (p.state == 1) {
                chosen[side] = FoundServer{p.probe->server(), Source::Guess,
                                           QStringLiteral("%1:%2").arg(p.probe->server().host).arg(p.probe->server().port)};
                break;
            }
        }
        if (!any)
            decided[side] = true;
    }
    if (!decided[0] || !decided[1])
        return;
    if (chosen[0])
        m_result.incoming << *chosen[0];
    if (chosen[1])
        m_result.outgoing << *chosen[1];
    finish();
}

void AccountDiscovery::finish()
{
    const Discovery result = m_result;
    cancel();   // stops the probes still running
    emit finished(result);
}

} // namespace tern::autoconfig

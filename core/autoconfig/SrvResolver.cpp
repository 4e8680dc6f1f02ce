#include "autoconfig/SrvResolver.h"

#include <QDnsLookup>
#include <QPointer>
#include <QTimer>

namespace tern::autoconfig {

void DnsSrvResolver::lookup(const QString &name, QObject *context, Done done)
{
    auto *dns = new QDnsLookup(QDnsLookup::SRV, name, context);
    auto *deadline = new QTimer(dns);
    deadline->setSingleShot(true);
    auto answered = std::make_shared<bool>(false);
    auto finish = [dns, done, answered](const Result<QList<SrvRecord>> &r) {
        if (*answered)
            return;
        *answered = true;
        dns->deleteLater();
        done(r);
    };
    QObject::connect(deadline, &QTimer::timeout, dns, [dns, finish, name, ms = m_timeoutMs] {
        dns->abort();
        finish(Error::network(QStringLiteral("no DNS answer for %1 within %2 s").arg(name).arg(ms / 1000)));
    });
    QObject::connect(dns, &QDnsLookup::finished, dns, [dns, finish, name] {
        if (dns->error() == QDnsLookup::NotFoundError) {
            finish(QList<SrvRecord>{});
            return;
        }
        if (dns->error() != QDnsLookup::NoError) {
            finish(Error::network(QStringLiteral("DNS lookup of %1 failed: %2").arg(name, dns->errorString())));
            return;
        }
        QList<SrvRecord> out;
        const auto records = dns->serviceRecords();
        for (const QDnsServiceRecord &r : records) {
            if (out.size() >= kMaxRecords)
                break;
            QString target = r.target();
            if (target.endsWith(QLatin1Char('.')) && target.size() > 1)
                target.chop(1);
            out << SrvRecord{target.isEmpty() ? QStringLiteral(".") : target, r.port(), r.priority(), r.weight()};
        }
        finish(out);
    });
    deadline->start(m_timeoutMs);
    dns->lookup();
}

} // namespace tern::autoconfig

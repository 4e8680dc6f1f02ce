#pragma once
// DNS SRV lookups for RFC 6186, behind an interface so tests answer with a
// fake resolver. The real one is QDnsLookup with a deadline.
#include "common/Error.h"
#include <QList>
#include <QObject>
#include <QString>
#include <functional>

namespace tern::autoconfig {

struct SrvRecord {
    QString target;        // "." (RFC 2782, RFC 6186 §3): the service is not offered
    quint16 port = 0;
    quint16 priority = 0;
    quint16 weight = 0;
};

class SrvResolver {
public:
    using Done = std::function<void(const Result<QList<SrvRecord>> &)>;
    virtual ~SrvResolver() = default;
    // Looks up `name` (e.g. "_imaps._tcp.example.org"); `done` runs once, later,
    // in `context`'s thread, and never after `context` is destroyed. No record
    // is an empty list, not an error.
    virtual void lookup(const QString &name, QObject *context, Done done) = 0;
};

class DnsSrvResolver : public SrvResolver {
public:
    explicit DnsSrvResolver(int timeoutMs = 8000) : m_timeoutMs(timeoutMs) {}
    void lookup(const QString &name, QObject *context, Done done) override;

    static constexpr int kMaxRecords = 16;

private:
    int m_timeoutMs;
};

} // namespace tern::autoconfig

#pragma once
#include "net/EarlyConnect.h"
// What every IMAP job of the sync layer does around its own work: open a
// verified, authenticated session for an account, set it up, and end it with
// LOGOUT before reporting (the caller may destroy the job right after).
// Set-up: COMPRESS=DEFLATE first (alone, as RFC 4978 asks), then in one
// round trip when the server offers them: ID (RFC 2971, name
// and version only), ENABLE (RFC 5161) of QRESYNC (RFC 7162, which implies
// CONDSTORE) or else CONDSTORE, and IMAP4rev2 (RFC 9051), and NAMESPACE
// (RFC 2342: where new top-level folders go).
#include "common/Error.h"
#include "net/Sasl.h"
#include "store/AccountConfig.h"
#include <QObject>
#include <QPointer>
#include <functional>

namespace tern::imap { class ImapSession; }

namespace tern::sync {

class ImapJob : public QObject {
    Q_OBJECT
public:
    ImapJob(store::AccountConfig account, net::Credentials creds, QObject *parent = nullptr);

    // COMPRESS=DEFLATE (RFC 4978) when the server offers it: by default only to
    // servers that are not on this machine (on loopback it costs CPU and saves
    // nothing), always, or never.
    enum class Compression { Auto, Always, Never };
    void setCompression(Compression c) { m_compression = c; }
    // A connection to the account's server begun earlier still (a command starts
    // it before opening the cache); used by the first open() if it is up by then.
    void adoptEarlyConnect(net::EarlyConnect early) { m_early = std::move(early); }

signals:
    void wire(const QByteArray &line, bool fromServer);

protected:
    // Connects (TLS per the account URL, its CA file) and logs in; then `ready`.
    // Any session failure goes to `failed`, once.
    void open(std::function<void()> ready, std::function<void(const Error &)> failed);
    // LOGOUT if the session is up, then `report`; runs `report` only once.
    void close(std::function<void()> report);
    imap::ImapSession *session() const;
    // NAMESPACE's personal prefix and delimiter ("" and "/" when not offered).
    QByteArray personalPrefix() const { return m_prefix; }
    QByteArray delimiter() const { return m_delimiter; }

    store::AccountConfig m_account;
    net::Credentials m_creds;

private:
    void prepare(std::function<void()> ready);
    QPointer<imap::ImapSession> m_session;
    QByteArray m_prefix, m_delimiter = "/";
    Compression m_compression = Compression::Auto;
    bool m_compressTried = false;
    bool m_ready = false, m_closed = false;
    net::EarlyConnect m_early;
};

} // namespace tern::sync

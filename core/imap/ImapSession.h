#pragma once
// An IMAP client connection (RFC 9051 / RFC 3501) on a Transport: greeting,
// CAPABILITY, STARTTLS (strict, see DESIGN.md), authentication (AUTHENTICATE
// with SASL-IR, else LOGIN), then tagged commands with their untagged data,
// several in flight. APPEND sends its literal after the continuation, or at
// once with LITERAL+ (RFC 7888). The seed of the IMAP engine: the tasks of
// the IMAP issue build on it.
#include "common/Error.h"
#include "imap/ImapResponse.h"
#include "net/Sasl.h"
#include "net/ServerUrl.h"
#include "net/Transport.h"
#include <QHash>
#include <QObject>
#include <functional>
#include <memory>

namespace tern::imap {

struct CommandResult {
    Response tagged;                  // OK, NO or BAD
    QList<Response> untagged;         // data that arrived while the command ran
    bool ok() const { return tagged.isStatus("OK"); }
};

class ImapSession : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const CommandResult &)>;
    static constexpr int kMaxUntaggedPerCommand = 250000;

    ImapSession(net::Transport *transport, net::ServerUrl server, net::Credentials creds, QObject *parent = nullptr);

    void start();   // authenticated() or failed()
    // Sends "TAG command"; `done` gets the tagged reply and the untagged data seen meanwhile.
    void command(const QByteArray &command, Done done);
    // The same, for data its caller takes from untaggedData() as it streams in
    // (a big FETCH): `done` gets the tagged reply and no untagged data, which is
    // then not held until the command ends.
    void commandStreamed(const QByteArray &command, Done done);
    void append(const QByteArray &mailbox, const QByteArray &flags, const QByteArray &message, Done done);
    // A command with literals inside ("SEARCH CHARSET UTF-8 TEXT {6+}\r\nrenée"):
    // `parts` alternate text (no CR, LF or NUL) and literal bytes (no NUL),
    // text first. Sent in one go as non-synchronizing literals (RFC 7888), so
    // only to a server with LITERAL+ (or LITERAL- for literals up to 4,096
    // bytes); else `done` gets a NO at once and nothing is sent.
    void commandWithLiterals(const QList<QByteArray> &parts, Done done);
    void logout(std::function<void()> done);
    // COMPRESS=DEFLATE (RFC 4978): `done` gets success once both directions are
    // compressed, or the server's refusal (the session goes on uncompressed).
    void compress(std::function<void(const tern::Status &)> done);
    bool isCompressed() const { return m_transport->isCompressed(); }
    // IDLE (RFC 2177): idling() once the server accepts; untaggedData() carries
    // what it reports; idleDone() sends DONE, after which `done` gets the tagged reply.
    void idle(Done done);
    void idleDone();
    bool isIdling() const { return m_idleTag.size() > 0; }

    bool hasCapability(const QByteArray &cap) const { return m_caps.contains(cap.toUpper()); }
    // Extensions the server confirmed with "* ENABLED" (RFC 5161).
    bool isEnabled(const QByteArray &ext) const { return m_enabled.contains(ext.toUpper()); }
    // Sends ENABLE for those of `exts` the server offers; `done` runs when it is answered (or at once).
    void enable(const QList<QByteArray> &exts, std::function<void()> done);
    QList<QByteArray> capabilities() const { return m_caps; }

    // wire() for what the server sends (on by default; off when nobody shows it).
    void setWireLogging(bool on) { m_wireLogging = on; }

    // A mailbox name or other string as an IMAP quoted string (RFC 9051 §4.3).
    static QByteArray quoted(const QByteArray &s);

signals:
    void authenticated();
    void failed(const tern::Error &error);
    void wire(const QByteArray &line, bool fromServer);
    // Every untagged response as it arrives (unsolicited EXISTS, EXPUNGE, VANISHED, FETCH …).
    void untaggedData(const tern::imap::Response &response);
    void idling();

private:
    struct Pending {
        QByteArray tag;
        Done done;
        QList<Response> untagged;
        QByteArray literal;          // sent after the continuation (APPEND)
        bool waitsForContinuation = false;
        bool sasl = false;
        bool idle = false;
        bool streamed = false;       // untagged data not kept (commandStreamed)
    };
    QByteArray nextTag() { return "t" + QByteArray::number(++m_tagCounter); }
    void send(const QByteArray &tag, const QByteArray &command, Done done, bool sensitive = false,
              const QByteArray &literal = {}, bool sasl = false);
    void onData();
    void onResponse(const Response &r);
    void fail(const Error &e);
    void afterGreeting(const Response &r);
    void ensureCapabilities(std::function<void()> then);
    void startTls();
    void login();
    void setCapabilities(const QList<QByteArray> &caps);

    net::Transport *m_transport;
    net::ServerUrl m_server;
    net::Credentials m_creds;
    ResponseParser m_parser{rawBodyStructureLimits()};
    static ResponseParser::Limits rawBodyStructureLimits()
    {
        ResponseParser::Limits l;
        l.rawBodyStructure = true;   // stored as text; MimeTree parses it when a message is shown
        return l;
    }
    QList<Pending> m_pending;
    QList<QByteArray> m_caps;
    QList<QByteArray> m_enabled;
    QByteArray m_idleTag;
    std::unique_ptr<net::SaslClient> m_sasl;
    int m_tagCounter = 0;
    bool m_wireLogging = true;
    bool m_greeted = false, m_failed = false, m_loggingOut = false, m_preauth = false;
};

} // namespace tern::imap

#include "ScriptedServer.h"

#include "TestPaths.h"

#include <QFile>
#include <QRegularExpression>
#include <QSslKey>
#include <QSslSocket>

#include <zlib.h>

namespace tern::test {

// The server's half of RFC 4978, written straight on zlib (not on core's
// Deflater/Inflater) so that a mistake there cannot hide behind the same
// mistake here: raw deflate (windowBits -15), a sync flush after each send.
struct ScriptedServer::Compression {
    z_stream out{};
    z_stream in{};
    bool ok = false;

    Compression()
    {
        ok = deflateInit2(&out, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK
             && inflateInit2(&in, -15) == Z_OK;
    }
    ~Compression()
    {
        deflateEnd(&out);
        inflateEnd(&in);
    }
    Compression(const Compression &) = delete;
    Compression &operator=(const Compression &) = delete;

    QByteArray compress(const QByteArray &plain)
    {
        QByteArray wire;
        char buffer[16384];
        out.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(plain.constData()));
        out.avail_in = uInt(plain.size());
        do {
            out.next_out = reinterpret_cast<Bytef *>(buffer);
            out.avail_out = sizeof buffer;
            deflate(&out, Z_SYNC_FLUSH);
            wire.append(buffer, qsizetype(sizeof buffer - out.avail_out));
        } while (out.avail_out == 0);
        return wire;
    }

    // False on a corrupt stream, with zlib's reason in `why`.
    bool inflateInto(const QByteArray &wire, QByteArray &plain, QString &why)
    {
        char buffer[16384];
        in.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(wire.constData()));
        in.avail_in = uInt(wire.size());
        do {
            in.next_out = reinterpret_cast<Bytef *>(buffer);
            in.avail_out = sizeof buffer;
            const int rc = inflate(&in, Z_SYNC_FLUSH);
            if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END) {
                why = QString::fromLatin1(in.msg ? in.msg : zError(rc));
                return false;
            }
            plain.append(buffer, qsizetype(sizeof buffer - in.avail_out));
            if (rc != Z_OK)
                break;
        } while (in.avail_in > 0 || in.avail_out == 0);
        return true;
    }
};

QByteArray unescape(const QString &text)
{
    const QByteArray in = text.toUtf8();
    QByteArray out;
    for (int i = 0; i < in.size(); ++i) {
        if (in[i] != '\\' || i + 1 >= in.size()) {
            out += in[i];
            continue;
        }
        const char c = in[++i];
        switch (c) {
        case 'r': out += '\r'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case '0': out += '\0'; break;
        case 'x':
            out += char(in.mid(i + 1, 2).toInt(nullptr, 16));
            i += 2;
            break;
        default: out += c;
        }
    }
    return out;
}

ScriptedServer::ScriptedServer(const QString &scenario, Tls tls, QObject *parent)
    : QTcpServer(parent), m_tls(tls)
{
    parse(scenario);
}

ScriptedServer::~ScriptedServer() = default;

QString ScriptedServer::caFile()
{
    return QStringLiteral(TERN_TEST_DATA_DIR "/tls/ca.pem");
}

QSslConfiguration ScriptedServer::serverTlsConfiguration()
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    QFile cert(QStringLiteral(TERN_TEST_DATA_DIR "/tls/server.pem"));
    QFile key(QStringLiteral(TERN_TEST_DATA_DIR "/tls/server.key"));
    if (cert.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly)) {
        conf.setLocalCertificate(QSslCertificate(&cert, QSsl::Pem));
        conf.setPrivateKey(QSslKey(&key, QSsl::Ec, QSsl::Pem));
    }
    conf.setPeerVerifyMode(QSslSocket::VerifyNone);
    return conf;
}

bool ScriptedServer::parse(const QString &scenario)
{
    const QStringList lines = scenario.split(QLatin1Char('\n'));
    for (int n = 0; n < lines.size(); ++n) {
        QString l = lines.at(n);
        if (l.endsWith(QLatin1Char('\r')))
            l.chop(1);
        const QString t = l.trimmed();
        if (t.isEmpty() || t.startsWith(QLatin1Char('#')))
            continue;
        Step s{Step::Send, {}, 0, n + 1};
        if (l.startsWith(QLatin1String("S: ")) || l == QLatin1String("S:")) {
            s.data = l.mid(3).toUtf8() + "\r\n";
        } else if (l.startsWith(QLatin1String("C: ")) || l == QLatin1String("C:")) {
            s.kind = Step::Expect;
            s.data = l.mid(3).toUtf8();
        } else if (l.startsWith(QLatin1String("C~ "))) {
            s.kind = Step::ExpectRegex;
            s.data = l.mid(3).toUtf8();
        } else if (l.startsWith(QLatin1String("S-RAW: "))) {
            s.data = unescape(l.mid(7));
        } else if (l.startsWith(QLatin1String("S-WIRE: "))) {
            s.kind = Step::SendWire;
            s.data = unescape(l.mid(8));
        } else if (l.startsWith(QLatin1String("S-FILL: "))) {
            s.kind = Step::Fill;
            s.count = l.mid(8).trimmed().toLongLong();
        } else if (t == QLatin1String("TLS")) {
            s.kind = Step::StartTls;
        } else if (t == QLatin1String("DEFLATE")) {
            s.kind = Step::StartDeflate;
        } else if (t == QLatin1String("CLOSE")) {
            s.kind = Step::Close;
        } else if (t == QLatin1String("C-CLOSE")) {
            s.kind = Step::ClientClose;
        } else if (t == QLatin1String("ACCEPT")) {
            s.kind = Step::Accept;
        } else {
            fail(QStringLiteral("scenario line %1 is not a step: %2").arg(n + 1).arg(l));
            return false;
        }
        m_steps.append(s);
    }
    return true;
}

bool ScriptedServer::start()
{
    if (!m_failure.isEmpty())
        return false;
    if (!listen(QHostAddress::LocalHost, 0)) {
        fail(QStringLiteral("cannot listen: %1").arg(errorString()));
        return false;
    }
    return true;
}

void ScriptedServer::fail(const QString &why)
{
    if (m_failure.isEmpty())
        m_failure = why;
    if (m_socket)
        m_socket->abort();
}

void ScriptedServer::send(const QByteArray &bytes)
{
    m_socket->write(m_compression ? m_compression->compress(bytes) : bytes);
}

void ScriptedServer::incomingConnection(qintptr handle)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        fail(QStringLiteral("cannot adopt connection: %1").arg(socket->errorString()));
        delete socket;
        return;
    }
    ++m_accepted;
    socket->setSslConfiguration(serverTlsConfiguration());
    const bool atAccept = m_pos < m_steps.size() && m_steps[m_pos].kind == Step::Accept;
    if (m_socket && !atAccept) {
        m_waiting.enqueue(socket);   // served when the script reaches ACCEPT
        return;
    }
    if (atAccept)
        ++m_pos;
    adopt(socket);
}

void ScriptedServer::adopt(QSslSocket *socket)
{
    if (m_socket)
        m_socket->deleteLater();
    m_socket = socket;
    m_inbox.clear();
    m_compression.reset();
    connect(socket, &QSslSocket::readyRead, this, [this, socket] {
        if (socket != m_socket)
            return;
        QByteArray got = socket->readAll();
        if (m_compression) {
            QByteArray plain;
            QString why;
            if (!m_compression->inflateInto(got, plain, why)) {
                fail(QStringLiteral("the client's compressed stream is corrupt: %1").arg(why));
                return;
            }
            got = plain;
        }
        m_transcript += got;
        m_inbox += got;
        advance();
        if (m_pos >= m_steps.size() && !m_inbox.isEmpty())
            fail(QStringLiteral("the client sent \"%1\" after the scenario ended").arg(QString::fromUtf8(m_inbox.left(200))));
    });
    connect(socket, &QSslSocket::bytesWritten, this, [this, socket] {
        if (socket == m_socket && m_fillLeft > 0)
            advance();
    });
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        if (socket != m_socket)
            return;
        m_handshaking = false;
        advance();
    });
    connect(socket, &QSslSocket::disconnected, this, [this, socket] {
        if (socket != m_socket)
            return;
        if (m_pos < m_steps.size() && m_steps[m_pos].kind == Step::ClientClose) {
            ++m_pos;
            advance();
        } else if (m_pos < m_steps.size() && m_steps[m_pos].kind != Step::Accept) {
            fail(QStringLiteral("client closed the connection at scenario line %1").arg(m_steps[m_pos].line));
        }
    });
    if (m_tls == Tls::Implicit) {
        m_handshaking = true;
        socket->startServerEncryption();
        return;
    }
    advance();
}

void ScriptedServer::advance()
{
    while (m_socket && !m_handshaking && m_failure.isEmpty() && m_pos < m_steps.size()) {
        const Step &s = m_steps[m_pos];
        switch (s.kind) {
        case Step::Send:
            m_transcript += "S> " + s.data;
            send(s.data);
            ++m_pos;
            break;
        case Step::SendWire:
            m_transcript += "S> " + s.data;
            m_socket->write(s.data);
            ++m_pos;
            break;
        case Step::Fill: {
            // Written as the client reads, so a client in this same thread is never starved.
            static const QByteArray chunk(64 * 1024, 'x');
            if (m_fillLeft < 0)
                m_fillLeft = s.count;
            while (m_fillLeft > 0 && m_socket->bytesToWrite() < 4 * chunk.size()) {
                const qint64 n = qMin<qint64>(m_fillLeft, chunk.size());
                send(QByteArray::fromRawData(chunk.constData(), n));
                m_fillLeft -= n;
            }
            if (m_fillLeft > 0)
                return;   // bytesWritten() calls advance() again
            m_fillLeft = -1;
            ++m_pos;
            break;
        }
        case Step::Expect:
        case Step::ExpectRegex: {
            const int eol = m_inbox.indexOf("\r\n");
            if (eol < 0)
                return;   // wait for more bytes
            const QByteArray line = m_inbox.left(eol);
            m_inbox.remove(0, eol + 2);
            const bool ok = s.kind == Step::Expect
                                ? line == s.data
                                : QRegularExpression(QStringLiteral("^(?:%1)$").arg(QString::fromUtf8(s.data)))
                                      .match(QString::fromUtf8(line)).hasMatch();
            if (!ok) {
                fail(QStringLiteral("scenario line %1: expected \"%2\", client sent \"%3\"")
                         .arg(s.line).arg(QString::fromUtf8(s.data), QString::fromUtf8(line)));
                return;
            }
            ++m_pos;
            break;
        }
        case Step::StartTls:
            if (!m_inbox.isEmpty()) {
                fail(QStringLiteral("scenario line %1: client sent bytes before the TLS handshake").arg(s.line));
                return;
            }
            ++m_pos;
            m_handshaking = true;
            m_socket->startServerEncryption();
            return;
        case Step::StartDeflate:
            // RFC 4978 §3: the client sends nothing between COMPRESS and its result.
            if (!m_inbox.isEmpty()) {
                fail(QStringLiteral("scenario line %1: client sent bytes before compression started").arg(s.line));
                return;
            }
            m_compression = std::make_unique<Compression>();
            if (!m_compression->ok) {
                fail(QStringLiteral("scenario line %1: zlib could not be set up").arg(s.line));
                return;
            }
            ++m_pos;
            break;
        case Step::Close:
            ++m_pos;
            m_socket->disconnectFromHost();
            return;
        case Step::ClientClose:
            if (!m_inbox.isEmpty()) {
                fail(QStringLiteral("scenario line %1: expected the client to close, it sent \"%2\"")
                         .arg(s.line).arg(QString::fromUtf8(m_inbox.left(200))));
                return;
            }
            if (m_socket->state() == QAbstractSocket::UnconnectedState)
                ++m_pos;
            return;   // the disconnected handler moves on
        case Step::Accept:
            if (m_waiting.isEmpty())
                return;   // incomingConnection() moves on
            ++m_pos;
            adopt(m_waiting.dequeue());
            return;
        }
    }
}

} // namespace tern::test

// tern-bench-crypto (issue #6, point 7): sign+encrypt and decrypt+verify of N
// messages of 20 KB through Tern (PGP/MIME: crypto::protectMessage, then
// parse + crypto::renderProtected as the viewer does), next to gpg itself
// doing the same work on the same bytes, one process per message as a
// script would. Prints messages/s for each and Tern's overhead as a ratio.
// Usage: GNUPGHOME=DIR tern-bench-crypto [N]  (DIR holds alice's and bob's
// secret keys; tests/bench/crypto/run.sh makes it).
#include "crypto/PgpMimeWriter.h"
#include "crypto/ProtectedMessage.h"
#include "mime/MimeTree.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cstdio>

namespace {

QByteArray message(int i)
{
    QByteArray body;
    QRandomGenerator rng(quint32(i) + 1);
    static const char *words[] = {"merger", "budget", "Friday", "ACME", "quarterly", "report", "signed", "the", "and", "of", "a", "review"};
    while (body.size() < 20 * 1024) {
        QByteArray line;
        while (line.size() < 70)
            line += QByteArray(words[rng.bounded(12)]) + ' ';
        body += line.trimmed() + "\r\n";
    }
    return "From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>\r\nSubject: Bench " + QByteArray::number(i) +
           "\r\nMessage-ID: <bench" + QByteArray::number(i) + "@example.test>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
           "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body;
}

bool gpg(const QStringList &args, const QByteArray &in, QByteArray *out)
{
    QProcess p;
    p.start(QStringLiteral("gpg"), QStringList{QStringLiteral("--batch"), QStringLiteral("--quiet"), QStringLiteral("--armor")} + args);
    p.write(in);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return false;
    if (out)
        *out = p.readAllStandardOutput();
    return true;
}

double rate(int n, qint64 ms) { return ms > 0 ? n * 1000.0 / double(ms) : 0; }

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? QByteArray(argv[1]).toInt() : 1000;
    if (n <= 0 || qEnvironmentVariableIsEmpty("GNUPGHOME")) {
        std::fprintf(stderr, "usage: GNUPGHOME=DIR tern-bench-crypto [N]\n");
        return 2;
    }
    QList<QByteArray> plain;
    for (int i = 0; i < n; ++i)
        plain << message(i);

    QElapsedTimer t;
    QList<QByteArray> sealed;
    t.start();
    for (const QByteArray &m : std::as_const(plain)) {
        auto r = tern::crypto::protectMessage(m, {true, true, tern::crypto::Protocol::OpenPgp, {}});
        if (!r) {
            std::fprintf(stderr, "tern: %s\n", qPrintable(r.error().message));
            return 1;
        }
        sealed << r.value();
    }
    const qint64 ternSeal = t.elapsed();
    t.restart();
    for (const QByteArray &m : std::as_const(sealed)) {
        auto parsed = tern::mime::parseMessage(m);
        const tern::mime::Rendered r = parsed ? tern::crypto::renderProtected(parsed.value()) : tern::mime::Rendered{};
        if (r.security.decryption != "decrypted" || r.security.signatureVerdict() != QLatin1String("valid")) {
            std::fprintf(stderr, "tern: a message did not decrypt and verify\n");
            return 1;
        }
    }
    const qint64 ternOpen = t.elapsed();

    // gpg on the same bytes: the body sign+encrypted to bob and alice, then decrypted and verified.
    QList<QByteArray> gpgSealed;
    t.restart();
    for (const QByteArray &m : std::as_const(plain)) {
        QByteArray out;
        if (!gpg({QStringLiteral("--local-user"), QStringLiteral("alice@example.test"), QStringLiteral("--recipient"), QStringLiteral("bob@example.test"),
                  QStringLiteral("--recipient"), QStringLiteral("alice@example.test"), QStringLiteral("--sign"), QStringLiteral("--encrypt")}, m, &out)) {
            std::fprintf(stderr, "gpg --sign --encrypt failed\n");
            return 1;
        }
        gpgSealed << out;
    }
    const qint64 gpgSeal = t.elapsed();
    t.restart();
    for (const QByteArray &m : std::as_const(gpgSealed))
        if (!gpg({QStringLiteral("--decrypt")}, m, nullptr)) {
            std::fprintf(stderr, "gpg --decrypt failed\n");
            return 1;
        }
    const qint64 gpgOpen = t.elapsed();

    std::printf("messages: %d of %d KB\n", n, int(plain.first().size() / 1024));
    std::printf("%-22s %12s %12s %8s\n", "", "tern msg/s", "gpg msg/s", "ratio");
    std::printf("%-22s %12.1f %12.1f %8.2f\n", "sign+encrypt", rate(n, ternSeal), rate(n, gpgSeal), double(ternSeal) / double(qMax<qint64>(gpgSeal, 1)));
    std::printf("%-22s %12.1f %12.1f %8.2f\n", "decrypt+verify", rate(n, ternOpen), rate(n, gpgOpen), double(ternOpen) / double(qMax<qint64>(gpgOpen, 1)));
    std::printf("(ratio: Tern's time over gpg's; Tern's decrypt+verify includes MIME parsing and rendering)\n");
    return 0;
}

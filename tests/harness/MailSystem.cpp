#include "MailSystem.h"

#include <QFile>

namespace tern::test {

bool MailSystem::load(MailSystem &out, QString &why)
{
    out.dir = qEnvironmentVariable("TERN_MAIL_SYSTEM_DIR");
    if (out.dir.isEmpty()) {
        why = QStringLiteral("TERN_MAIL_SYSTEM_DIR is not set (run through ctest, which starts the mail system)");
        return false;
    }
    QFile f(out.dir + QStringLiteral("/env"));
    if (!f.open(QIODevice::ReadOnly)) {
        why = QStringLiteral("cannot read %1: is the demo mail system running?").arg(f.fileName());
        return false;
    }
    QMap<QString, QString> vars;
    for (const QByteArray &raw : f.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        const int eq = line.indexOf(QLatin1Char('='));
        if (line.startsWith(QLatin1Char('#')) || eq <= 0)
            continue;
        vars.insert(line.left(eq), line.mid(eq + 1));
    }
    auto port = [&](const char *name) { return quint16(vars.value(QLatin1String(name)).toUInt()); };
    out.host = vars.value(QStringLiteral("MAIL_HOST"), QStringLiteral("127.0.0.1"));
    out.caFile = vars.value(QStringLiteral("CA_FILE"));
    out.imapsPort = port("IMAPS_PORT");
    out.imapPort = port("IMAP_PORT");
    out.pop3sPort = port("POP3S_PORT");
    out.pop3Port = port("POP3_PORT");
    out.smtpsPort = port("SMTPS_PORT");
    out.submissionPort = port("SUBMISSION_PORT");
    for (const char *u : {"alice", "bob", "carol"})
        out.passwords.insert(QLatin1String(u), vars.value(QLatin1String(u).toString().toUpper() + QStringLiteral("_PASSWORD")));
    if (!out.imapsPort || !out.smtpsPort || out.caFile.isEmpty()) {
        why = QStringLiteral("%1 lacks ports or CA_FILE").arg(f.fileName());
        return false;
    }
    return true;
}

} // namespace tern::test

#pragma once
// The demo mail system the CTest fixture started (packaging/demo/mail-system.sh),
// as described by its DIR/env file. TERN_MAIL_SYSTEM_DIR names DIR.
#include <QMap>
#include <QString>

namespace tern::test {

struct MailSystem {
    QString dir;
    QString host;
    QString caFile;
    quint16 imapsPort = 0, imapPort = 0, pop3sPort = 0, pop3Port = 0, smtpsPort = 0, submissionPort = 0;
    QMap<QString, QString> passwords;   // user -> password

    // Reads $TERN_MAIL_SYSTEM_DIR/env; on failure returns false with `why`.
    static bool load(MailSystem &out, QString &why);
};

} // namespace tern::test

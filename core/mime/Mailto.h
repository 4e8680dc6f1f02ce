#pragma once
// mailto: URLs (RFC 6068), as the desktop hands them to a mail client: the
// fields a new message starts with. Only to, cc, bcc, subject, body and
// in-reply-to are taken; every other field — attach, attachment, from,
// headers that would change how the mail travels — is ignored, so a link on
// a web page cannot make Tern attach a local file or spoof a header.
#include "common/Error.h"
#include "mime/Composer.h"
#include <QString>

namespace tern::mime {

struct MailtoFields {
    QList<DraftAddress> to, cc, bcc;
    QString subject;
    QString body;
    QByteArray inReplyTo;
    QStringList ignored;   // the field names left out, for the user to see
};

Result<MailtoFields> parseMailto(const QString &url);

} // namespace tern::mime

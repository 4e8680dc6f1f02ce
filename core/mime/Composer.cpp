// GLib names a struct member 'signals', which Qt defines as a macro: GMime first.
#include <gmime/gmime.h>

#include "mime/Composer.h"

#include "mime/Addresses.h"
#include "mime/ComposerHeaders.h"
#include "mime/ComposerText.h"

#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QStringDecoder>
#include <memory>
#include <utility>

namespace tern::mime {

namespace {

using namespace compose;

struct Unref {
    void operator()(gpointer p) const { g_object_unref(p); }
};
using ObjectPtr = std::unique_ptr<GMimeObject, Unref>;

struct Attachment {
    QByteArray data;
    QString filename;
    QByteArray mimeType;
};

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1 << 20), 'f', bytes < (10 << 20) ? 1 : 0);
}

Result<Attachment> loadAttachment(const DraftAttachment &a, const ComposeLimits &limits)
{
    Attachment out{a.data, a.filename, a.mimeType.trimmed().toLower()};
    const QString shown = a.path.isEmpty() ? a.filename : a.path;
    const auto tooBig = [&](qint64 size) {
        return Error::invalid(QStringLiteral("%1 is %2 MB: an attachment may be at most %3 MB")
                                  .arg(shown, megabytes(size), megabytes(limits.maxAttachmentBytes)));
    };
    if (!a.path.isEmpty()) {
        const QFileInfo info(a.path);
        if (!info.isFile())   // a FIFO or a device could feed us without end
            return Error::io(QStringLiteral("cannot attach %1: not a readable file").arg(a.path));
        if (info.size() > limits.maxAttachmentBytes)
            return tooBig(info.size());
        QFile f(a.path);
        if (!f.open(QIODevice::ReadOnly))
            return Error::io(QStringLiteral("cannot attach %1: %2").arg(a.path, f.errorString()));
        out.data = f.read(limits.maxAttachmentBytes + 1);
        if (f.error() != QFileDevice::NoError)
            return Error::io(QStringLiteral("cannot read %1: %2").arg(a.path, f.errorString()));
        if (out.filename.isEmpty())
            out.filename = info.fileName();
    }
    if (out.data.size() > limits.maxAttachmentBytes)
        return tooBig(out.data.size());
    out.filename = out.filename.mid(out.filename.lastIndexOf(QLatin1Char('/')) + 1);   // a name, never a path
    if (out.filename.isEmpty())
        out.filename = QStringLiteral("attachment");
    if (auto ok = checkHeaderText(out.filename, QStringLiteral("the attachment name '%1'").arg(out.filename.left(80)), 255); !ok)
        return ok.error();
    static const QRegularExpression mimeType(QStringLiteral("^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$"));
    if (out.mimeType.isEmpty())
        out.mimeType = QMimeDatabase().mimeTypeForFileNameAndData(out.filename, out.data).name().toLatin1();
    else if (!mimeType.match(QString::fromLatin1(out.mimeType)).hasMatch())
        return Error::invalid(QStringLiteral("'%1' is not a MIME type (type/subtype)").arg(QString::fromLatin1(out.mimeType.left(80))));
    return out;
}

struct LineShape {
    bool nul = false, bareCr = false, eightBit = false;
    qsizetype longestLine = 0;
};

LineShape shapeOf(const QByteArray &d)
{
    LineShape s;
    qsizetype start = 0;
    for (qsizetype i = 0; i < d.size(); ++i) {
        const char c = d.at(i);
        if (c == '\n') {
            s.longestLine = qMax(s.longestLine, i - start - (i > start && d.at(i - 1) == '\r' ? 1 : 0));
            start = i + 1;
        } else if (c == '\r' && (i + 1 == d.size() || d.at(i + 1) != '\n')) {
            s.bareCr = true;
        } else if (c == '\0') {
            s.nul = true;
        } else if (uchar(c) >= 0x80) {
            s.eightBit = true;
        }
    }
    s.longestLine = qMax(s.longestLine, d.size() - start);
    return s;
}

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(bytes);   // decode() is lazy: it runs when converted
    Q_UNUSED(text);
    return !utf8.hasError();
}

void setContent(GMimePart *part, const QByteArray &bytes)
{
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(bytes.constData(), size_t(bytes.size()));
    GMimeDataWrapper *wrapper = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(part, wrapper);
    g_object_unref(wrapper);
    g_object_unref(stream);
}

GMimePart *newPart(const QByteArray &mimeType)
{
    const qsizetype slash = mimeType.indexOf('/');
    return g_mime_part_new_with_type(mimeType.left(slash).constData(), mimeType.mid(slash + 1).constData());
}

ObjectPtr textPart(QString body)
{
    if (!body.isEmpty() && !body.endsWith(QLatin1Char('\n')))
        body += QLatin1Char('\n');
    GMimePart *part = newPart("text/plain");
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "format", "flowed");   // RFC 3676, DelSp=no
    setContent(part, toFlowed(body).toUtf8());
    // 7-bit clean, so any relay passes it and a signature over it survives
    // (RFC 3156 §3): 7bit for ASCII, else quoted-printable or base64, whichever
    // GMime finds shorter. Trailing spaces of soft breaks become "=20" in QP.
    g_mime_part_set_content_encoding(part, g_mime_part_get_best_content_encoding(part, GMIME_ENCODING_CONSTRAINT_7BIT));
    return ObjectPtr(GMIME_OBJECT(part));
}

// RFC 2046 §5.2.1: message/rfc822 only as 7bit, 8bit or binary; a message
// that 8bit cannot carry (NULs, bare CRs, lines over 998 octets, RFC 5322
// §2.1.1) goes as application/octet-stream in base64 instead.
ObjectPtr attachmentPart(const Attachment &a)
{
    const LineShape shape = shapeOf(a.data);
    const bool lineSafe = !shape.nul && !shape.bareCr;
    QByteArray type = a.mimeType;
    GMimeContentEncoding encoding = GMIME_CONTENT_ENCODING_BASE64;
    const char *charset = nullptr;
    if (type == "message/rfc822" || type == "message/global") {
        if (lineSafe && shape.longestLine <= 998)
            encoding = shape.eightBit ? GMIME_CONTENT_ENCODING_8BIT : GMIME_CONTENT_ENCODING_7BIT;
        else
            type = "application/octet-stream";
    } else {
        const QMimeType known = QMimeDatabase().mimeTypeForName(QString::fromLatin1(type));
        const bool text = type.startsWith("text/") || (known.isValid() && known.inherits(QStringLiteral("text/plain")));
        // Text as text (7bit or quoted-printable, lines in canonical CRLF,
        // RFC 2046 §4.1.1) when it is UTF-8 and line-shaped; anything else in
        // base64, which keeps every byte.
        if (text && lineSafe && isUtf8(a.data)) {
            encoding = GMIME_CONTENT_ENCODING_DEFAULT;
            charset = shape.eightBit ? "utf-8" : nullptr;
        }
    }
    GMimePart *part = newPart(type);
    if (charset)
        g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", charset);
    g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
    // Content-Disposition filename and Content-Type name; RFC 2231 for
    // non-ASCII names through the format options below.
    g_mime_part_set_filename(part, a.filename.toUtf8().constData());
    // GMime would pick the smallest charset (ISO-8859-1 for "März.pdf"): UTF-8 always.
    for (GMimeParamList *params : {g_mime_content_disposition_get_parameters(g_mime_object_get_content_disposition(GMIME_OBJECT(part))),
                                   g_mime_content_type_get_parameters(g_mime_object_get_content_type(GMIME_OBJECT(part)))})
        for (const char *name : {"filename", "name"})
            if (GMimeParam *param = params ? g_mime_param_list_get_parameter(params, name) : nullptr)
                g_mime_param_set_charset(param, "UTF-8");
    setContent(part, a.data);
    if (encoding == GMIME_CONTENT_ENCODING_DEFAULT)
        encoding = g_mime_part_get_best_content_encoding(part, GMIME_ENCODING_CONSTRAINT_7BIT);
    g_mime_part_set_content_encoding(part, encoding);
    return ObjectPtr(GMIME_OBJECT(part));
}

QByteArray write(GMimeObject *object)
{
    GMimeFormatOptions *options = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
    g_mime_format_options_set_param_encoding_method(options, GMIME_PARAM_ENCODING_METHOD_RFC2231);
    GMimeStream *stream = g_mime_stream_mem_new();
    g_mime_object_write_to_stream(object, options, stream);
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
    QByteArray out(reinterpret_cast<const char *>(bytes->data), qsizetype(bytes->len));
    g_object_unref(stream);
    g_mime_format_options_free(options);
    return out;
}

QByteArray mailboxList(const QList<DraftAddress> &list)
{
    QList<QByteArray> items;
    for (const DraftAddress &a : list)
        items << mailboxText(a);
    return items.join(", ");
}

} // namespace

Result<ComposedMessage> composeMessage(const Draft &draft, const ComposeOptions &options)
{
    const ComposeLimits &limits = options.limits;
    ComposedMessage out;
    if (draft.from.address.isEmpty())
        return Error::invalid(QStringLiteral("a message needs a From address (RFC 5322 §3.6.2)"));
    const auto checkList = [&](const QList<DraftAddress> &list, const char *field) -> Status {
        for (const DraftAddress &a : list) {
            const QString where = QStringLiteral("the %1 display name").arg(QLatin1String(field));
            if (auto ok = checkHeaderText(a.name, where, limits.maxHeaderTextChars); !ok)
                return ok;
            auto nonAscii = checkAddress(a.address, QStringLiteral("the %1 address").arg(QLatin1String(field)));
            if (!nonAscii)
                return nonAscii.error();
            out.needsSmtpUtf8 = out.needsSmtpUtf8 || nonAscii.value();
        }
        return success();
    };
    for (const auto &[list, field] : {std::pair{QList<DraftAddress>{draft.from}, "From"}, std::pair{draft.replyTo, "Reply-To"},
                                      std::pair{draft.to, "To"}, std::pair{draft.cc, "Cc"}, std::pair{draft.bcc, "Bcc"}})
        if (auto ok = checkList(list, field); !ok)
            return ok.error();
    if (draft.to.size() + draft.cc.size() + draft.bcc.size() > limits.maxRecipients)
        return Error::invalid(QStringLiteral("more than %1 recipients").arg(limits.maxRecipients));
    if (auto ok = checkHeaderText(draft.subject, QStringLiteral("the subject"), limits.maxHeaderTextChars); !ok)
        return ok.error();

    if (options.messageId.isEmpty()) {
        out.messageId = newMessageId(draft.from.address);
    } else {
        auto id = checkMessageId(options.messageId, QStringLiteral("the Message-ID"));
        if (!id)
            return id.error();
        out.messageId = id.value();
    }
    QByteArray inReplyTo;
    if (!draft.inReplyTo.isEmpty()) {
        auto id = checkMessageId(draft.inReplyTo, QStringLiteral("In-Reply-To"));
        if (!id)
            return id.error();
        inReplyTo = id.value();
    }
    QList<QByteArray> references;
    for (const QByteArray &r : draft.references) {
        auto id = checkMessageId(r, QStringLiteral("a reference"));
        if (!id)
            return id.error();
        references << id.value();
    }
    if (references.size() > limits.maxReferences && limits.maxReferences > 1)   // the thread's root and the latest
        references = QList<QByteArray>{references.first()} + references.mid(references.size() - limits.maxReferences + 1);

    if (draft.attachments.size() > limits.maxAttachments)
        return Error::invalid(QStringLiteral("more than %1 attachments").arg(limits.maxAttachments));
    qint64 total = draft.body.size();
    QList<Attachment> attachments;
    for (const DraftAttachment &a : draft.attachments) {
        auto loaded = loadAttachment(a, limits);
        if (!loaded)
            return loaded.error();
        total += loaded.value().data.size();
        if (total > limits.maxTotalBytes)
            return Error::invalid(QStringLiteral("the message would be larger than %1 MB").arg(megabytes(limits.maxTotalBytes)));
        attachments << std::move(loaded).value();
    }

    // RFC 5322 §3.6: the origination date, the originator, the destination,
    // identification and informational fields; then MIME (RFC 2045 §4).
    const QDateTime date = options.date.isValid() ? options.date : QDateTime::currentDateTime();
    QByteArray head = foldField("Date", rfc5322Date(date), true);
    head += foldField("From", mailboxText(draft.from), true);
    if (!draft.replyTo.isEmpty())
        head += foldField("Reply-To", mailboxList(draft.replyTo), true);
    if (!draft.to.isEmpty())
        head += foldField("To", mailboxList(draft.to), true);
    if (!draft.cc.isEmpty())
        head += foldField("Cc", mailboxList(draft.cc), true);
    if (!draft.bcc.isEmpty() && options.writeBcc)
        head += foldField("Bcc", mailboxList(draft.bcc), true);
    if (!draft.subject.isEmpty())
        head += foldField("Subject", encodeText(draft.subject), false);
    head += foldField("Message-ID", out.messageId, true);
    if (!inReplyTo.isEmpty())
        head += foldField("In-Reply-To", inReplyTo, true);
    if (!references.isEmpty())
        head += foldField("References", references.join(' '), true);
    head += "MIME-Version: 1.0\r\n";

    ensureGMimeInitialized();
    ObjectPtr text = textPart(draft.body);
    ObjectPtr root;
    if (attachments.isEmpty()) {
        root = std::move(text);
    } else {
        GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");   // RFC 2046 §5.1.3
        root.reset(GMIME_OBJECT(mixed));
        g_mime_multipart_add(mixed, text.get());   // the multipart takes its own reference
        for (const Attachment &a : attachments)
            g_mime_multipart_add(mixed, attachmentPart(a).get());
    }
    out.bytes = head + write(root.get());
    return out;
}

} // namespace tern::mime

// tern compose --from ADDR [--to ADDR]... [--cc ADDR]... [--bcc ADDR]... [--subject TEXT]
//              [--body-file FILE|-] [--attach FILE]...
//              [--reply|--reply-all|--reply-list|--forward|--forward-attached FILE.eml] [--me ADDR]...
//              [--sign] [--encrypt] [--no-encrypt] [--smime]
// A reply to or forward of an encrypted message quotes its decrypted text and is encrypted too.
// Writes the message (RFC 5322, CRLF) to stdout: for `tern send`, `tern draft` or a file.
#include "Subcommands.h"

#include "crypto/PgpMimeWriter.h"
#include "crypto/ProtectedMessage.h"
#include "mime/Composer.h"

#include <QCommandLineParser>
#include <QFile>
#include <QStringDecoder>
#include <cstdio>

namespace tern::app {

namespace {

constexpr qint64 kMaxTextBytes = 32LL << 20;   // a body file; an original message
constexpr qint64 kMaxOriginalBytes = 256LL << 20;

Result<QByteArray> readInput(const QString &path, qint64 limit, const QString &what)
{
    QFile f(path);
    const bool opened = path == QLatin1String("-") ? f.open(stdin, QIODevice::ReadOnly) : f.open(QIODevice::ReadOnly);
    if (!opened)
        return Error::io(QStringLiteral("cannot read %1 %2: %3").arg(what, path, f.errorString()));
    QByteArray bytes = f.read(limit + 1);
    if (f.error() != QFileDevice::NoError)
        return Error::io(QStringLiteral("cannot read %1 %2: %3").arg(what, path, f.errorString()));
    if (bytes.size() > limit)
        return Error::invalid(QStringLiteral("%1 %2 is larger than %3 MB").arg(what, path).arg(limit >> 20));
    return bytes;
}

Result<QList<mime::DraftAddress>> addresses(const QStringList &values)
{
    QList<mime::DraftAddress> out;
    for (const QString &v : values) {
        auto list = mime::parseDraftAddresses(v);
        if (!list)
            return list.error();
        out += list.value();
    }
    return out;
}

int writeOut(const QByteArray &bytes)
{
    if (std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout) != size_t(bytes.size()) || std::fflush(stdout) != 0)
        return fail(QStringLiteral("cannot write the message to stdout"), 1);
    return 0;
}

int exitCode(const Error &e)
{
    return e.code == Error::Code::Io ? 1 : 2;
}

} // namespace

int runCompose(const SubcommandContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Compose a message and write it to stdout."));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("the sender: \"Name <addr>\" or addr"), QStringLiteral("ADDR"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("a recipient (repeatable; a comma-separated list is fine)"), QStringLiteral("ADDR"));
    const QCommandLineOption cc(QStringLiteral("cc"), QStringLiteral("a copy recipient (repeatable)"), QStringLiteral("ADDR"));
    const QCommandLineOption bcc(QStringLiteral("bcc"), QStringLiteral("a blind copy recipient (repeatable; tern send keeps the field from travelling)"), QStringLiteral("ADDR"));
    const QCommandLineOption subject(QStringLiteral("subject"), QStringLiteral("the subject (a reply or forward has one already)"), QStringLiteral("TEXT"));
    const QCommandLineOption body(QStringLiteral("body-file"), QStringLiteral("the text, UTF-8 (- for stdin)"), QStringLiteral("FILE"));
    const QCommandLineOption attach(QStringLiteral("attach"), QStringLiteral("attach a file (repeatable)"), QStringLiteral("FILE"));
    const QCommandLineOption reply(QStringLiteral("reply"), QStringLiteral("reply to the sender of this message"), QStringLiteral("FILE.eml"));
    const QCommandLineOption replyAll(QStringLiteral("reply-all"), QStringLiteral("reply to the sender and every recipient"), QStringLiteral("FILE.eml"));
    const QCommandLineOption replyList(QStringLiteral("reply-list"), QStringLiteral("reply to the mailing list (List-Post)"), QStringLiteral("FILE.eml"));
    const QCommandLineOption forward(QStringLiteral("forward"), QStringLiteral("forward this message inline"), QStringLiteral("FILE.eml"));
    const QCommandLineOption forwardAttached(QStringLiteral("forward-attached"), QStringLiteral("forward this message as an attachment"), QStringLiteral("FILE.eml"));
    const QCommandLineOption me(QStringLiteral("me"), QStringLiteral("another address of yours, left out of a reply-all (repeatable)"), QStringLiteral("ADDR"));
    const QCommandLineOption sign(QStringLiteral("sign"), QStringLiteral("sign with the From address's OpenPGP key (PGP/MIME, RFC 3156)"));
    const QCommandLineOption encrypt(QStringLiteral("encrypt"), QStringLiteral("encrypt to every recipient's valid OpenPGP key and to yourself"));
    const QCommandLineOption smime(QStringLiteral("smime"), QStringLiteral("sign and encrypt with S/MIME certificates (RFC 8551) instead of OpenPGP"));
    const QCommandLineOption noEncrypt(QStringLiteral("no-encrypt"), QStringLiteral("answer an encrypted message unencrypted (it is encrypted by default)"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("show this help"));
    p.addOptions({from, to, cc, bcc, subject, body, attach, reply, replyAll, replyList, forward, forwardAttached, me, sign, encrypt, noEncrypt, smime, help});
    if (!p.parse(QStringList{QStringLiteral("tern compose")} + ctx.args))
        return fail(p.errorText(), 2);
    if (p.isSet(help)) {
        out(p.helpText());
        return 0;
    }
    if (!p.positionalArguments().isEmpty())
        return fail(QStringLiteral("compose takes no arguments besides its options (see tern compose --help)"), 2);
    if (!p.isSet(from))
        return fail(QStringLiteral("compose needs --from ADDR"), 2);

    const QList<QCommandLineOption> sources{reply, replyAll, replyList, forward, forwardAttached};
    const QCommandLineOption *source = nullptr;
    for (const QCommandLineOption &o : sources) {
        if (p.values(o).size() > 1 || (p.isSet(o) && source))
            return fail(QStringLiteral("give one original: one of --reply, --reply-all, --reply-list, --forward, --forward-attached"), 2);
        if (p.isSet(o))
            source = &o;
    }

    auto sender = mime::parseDraftAddresses(p.value(from));
    if (!sender)
        return fail(QStringLiteral("--from: %1").arg(sender.error().message), 2);
    if (sender.value().size() != 1)
        return fail(QStringLiteral("--from takes one address"), 2);
    mime::Responder responder{sender.value().constFirst(), {}, {}};
    auto mine = addresses(p.values(me));
    if (!mine)
        return fail(QStringLiteral("--me: %1").arg(mine.error().message), 2);
    for (const mime::DraftAddress &a : mine.value())
        responder.myAddresses << a.address;
    if (p.isSet(body)) {
        auto bytes = readInput(p.value(body), kMaxTextBytes, QStringLiteral("the body file"));
        if (!bytes)
            return fail(bytes.error().message, exitCode(bytes.error()));
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        responder.text = utf8.decode(bytes.value());
        if (utf8.hasError())
            return fail(QStringLiteral("the body file is not UTF-8 text"), 2);
    }

    mime::Draft draft;
    bool answerEncrypted = false;
    if (source) {
        auto original = readInput(p.value(*source), kMaxOriginalBytes, QStringLiteral("the original message"));
        if (!original)
            return fail(original.error().message, exitCode(original.error()));
        // An encrypted original: quote its decrypted root only, and answer encrypted unless told not to.
        bool wasEncrypted = false;
        original = crypto::answerableOriginal(original.value(), &wasEncrypted);
        answerEncrypted = wasEncrypted && !p.isSet(noEncrypt);
        const QString name = source->names().constFirst();
        Result<mime::Draft> made = name.startsWith(QLatin1String("forward"))
            ? mime::forwardDraft(original.value(), name == QLatin1String("forward") ? mime::ForwardMode::Inline : mime::ForwardMode::Attached, responder)
            : mime::replyDraft(original.value(),
                               name == QLatin1String("reply") ? mime::ReplyMode::Sender
                               : name == QLatin1String("reply-all") ? mime::ReplyMode::All : mime::ReplyMode::List,
                               responder);
        if (!made)
            return fail(made.error().message, exitCode(made.error()));
        draft = made.value();
    } else {
        draft.from = responder.from;
        draft.body = responder.text;
    }
    for (const auto &[option, list] : {std::pair{&to, &draft.to}, std::pair{&cc, &draft.cc}, std::pair{&bcc, &draft.bcc}}) {
        auto more = addresses(p.values(*option));
        if (!more)
            return fail(QStringLiteral("--%1: %2").arg(option->names().constFirst(), more.error().message), 2);
        *list += more.value();
    }
    if (p.isSet(subject))
        draft.subject = p.value(subject);
    for (const QString &file : p.values(attach))
        draft.attachments << mime::DraftAttachment{file, {}, {}, {}};

    auto message = mime::composeMessage(draft);
    if (!message)
        return fail(message.error().message, exitCode(message.error()));
    if (message.value().needsSmtpUtf8)
        std::fprintf(stderr, "tern: note: an address is not ASCII; the message needs a server with SMTPUTF8 (RFC 6531)\n");
    const crypto::ProtectOptions protect{p.isSet(sign), p.isSet(encrypt) || answerEncrypted,
                                         p.isSet(smime) ? crypto::Protocol::Cms : crypto::Protocol::OpenPgp, {}};
    // One ciphertext for all would name the blind copies' keys to every reader: tern send
    // makes a copy per Bcc recipient from the unencrypted message (see PgpMimeWriter.h).
    if (protect.encrypt && !draft.bcc.isEmpty())
        return fail(QStringLiteral("an encrypted message with Bcc recipients is made by tern send --encrypt: compose it unencrypted and send it so"), 2);
    auto bytes = crypto::protectMessage(message.value().bytes, protect);
    if (!bytes)
        return fail(bytes.error().message, exitCode(bytes.error()));
    return writeOut(bytes.value());
}

} // namespace tern::app

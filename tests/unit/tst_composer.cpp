// Composing: what Tern writes parses back identically through GMime — headers
// encoded and folded, addresses never encoded, format=flowed text, RFC 2231
// attachment names, binary bytes — and replies and forwards carry the right
// recipients, threading fields, subjects and quotes. Header injection is refused.
#include "TernProcess.h"

#include "mime/Addresses.h"
#include "mime/Composer.h"
#include "mime/ComposerText.h"
#include "mime/MimeTree.h"

#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace tern;
using namespace tern::mime;

namespace {

QByteArray crlf(QByteArray s)
{
    s.replace("\r\n", "\n");
    return s.replace("\n", "\r\n");
}

const DraftAddress kMe{QStringLiteral("Me Myself"), QStringLiteral("me@example.test")};

// A reply target: flowed text with a stuffed "From" line and a quote, a thread
// behind it, three recipients of whom one is the user, a list.
const QByteArray kOriginal = crlf(
    "From: Alice Example <alice@example.test>\n"
    "To: Bob <bob@example.test>, carol@example.test, Me Myself <me@example.test>\n"
    "Cc: dave@example.test, BOB@example.test, alias@example.test\n"
    "Subject: Re: RE: Hello there\n"
    "Date: Mon, 3 Jun 2024 10:05:07 +0200 (CEST)\n"
    "Message-ID: <orig-3@example.test>\n"
    "References: <root-1@example.test>\n"
    " <orig-2@example.test>\n"
    "In-Reply-To: <orig-2@example.test>\n"
    "List-Post: <mailto:list@example.test?subject=hi>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=utf-8; format=flowed\n"
    "\n"
    "This is a long flowed paragraph that was soft broken by the sender's mail \n"
    "client at seventy-two columns.\n"
    "> an earlier quote\n"
    " From here on it is plain.\n");

struct Built {
    ComposedMessage message;
    ParsedMessage parsed;
};

// Every line ends in CRLF; header lines stay within 78 octets unless one word
// is longer, within 76 with encoded words, each of those at most 75 (RFC 2047 §2).
QString shapeProblem(const QByteArray &bytes)
{
    for (qsizetype i = 0; i < bytes.size(); ++i)
        if (bytes.at(i) == '\n' && (i == 0 || bytes.at(i - 1) != '\r'))
            return QStringLiteral("bare LF at %1").arg(i);
    const QByteArray head = bytes.left(bytes.indexOf("\r\n\r\n"));
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray l = line.endsWith('\r') ? line.chopped(1) : line;
        if (l.size() > 78 && l.trimmed().contains(' ') && !l.startsWith("Content-"))
            return QStringLiteral("header line of %1 octets: %2").arg(l.size()).arg(QString::fromUtf8(l));
        if (l.size() > 998)
            return QStringLiteral("header line over 998 octets");
        if (l.contains("=?") && l.size() > 76)
            return QStringLiteral("line with encoded words of %1 octets: %2").arg(l.size()).arg(QString::fromUtf8(l));
        for (const QByteArray &word : l.split(' '))
            if (word.startsWith("=?") && word.size() > 75)
                return QStringLiteral("encoded word of %1 characters").arg(word.size());
    }
    return {};
}

QString firstName(const QByteArray &field)
{
    auto list = parseDraftAddresses(QString::fromUtf8(field));
    return list && !list.value().isEmpty() ? list.value().constFirst().name : QStringLiteral("(none)");
}

} // namespace

class TestComposer : public QObject {
    Q_OBJECT

    Built build(const Draft &d, const ComposeOptions &o = {})
    {
        Built b;
        auto m = composeMessage(d, o);
        if (!m) {
            qWarning("compose failed: %s", qPrintable(m.error().message));
            return b;
        }
        b.message = m.value();
        auto p = parseMessage(b.message.bytes);
        if (p)
            b.parsed = p.value();
        return b;
    }

    Draft simple()
    {
        Draft d;
        d.from = kMe;
        d.to = {{QStringLiteral("Ann"), QStringLiteral("ann@example.test")}};
        d.subject = QStringLiteral("Hello");
        d.body = QStringLiteral("Hi Ann,\n\nsee you.\n");
        return d;
    }

private slots:
    void newMessageHeaders()
    {
        Draft d = simple();
        d.cc = {{QString(), QStringLiteral("cc@example.test")}};
        d.bcc = {{QString(), QStringLiteral("hidden@example.test")}};
        ComposeOptions o;
        o.date = QDateTime(QDate(2024, 6, 3), QTime(10, 5, 7), Qt::OffsetFromUTC, -(3 * 3600 + 1800));
        const Built b = build(d, o);
        const QByteArray &m = b.message.bytes;
        QVERIFY2(!m.isEmpty(), "no message");
        QVERIFY2(shapeProblem(m).isEmpty(), qPrintable(shapeProblem(m)));
        QCOMPARE(b.parsed.header("Date"), QByteArray("Mon, 3 Jun 2024 10:05:07 -0330"));
        QCOMPARE(b.parsed.header("From"), QByteArray("Me Myself <me@example.test>"));
        QCOMPARE(b.parsed.header("To"), QByteArray("Ann <ann@example.test>"));
        QCOMPARE(b.parsed.header("Cc"), QByteArray("cc@example.test"));
        QCOMPARE(b.parsed.header("Bcc"), QByteArray("hidden@example.test"));   // tern send removes it before it travels
        QCOMPARE(b.parsed.header("Subject"), QByteArray("Hello"));
        QCOMPARE(b.parsed.header("MIME-Version"), QByteArray("1.0"));
        QVERIFY(b.parsed.header("In-Reply-To").isEmpty());
        // A random Message-ID at the sender's domain, different every time.
        QVERIFY2(QRegularExpression(QStringLiteral("^<[A-Za-z0-9_-]{20,}@example\\.test>$")).match(QString::fromLatin1(b.parsed.header("Message-ID"))).hasMatch(),
                 b.parsed.header("Message-ID").constData());
        QCOMPARE(b.parsed.header("Message-ID"), b.message.messageId);
        QVERIFY(build(d, o).message.messageId != b.message.messageId);
        QCOMPARE(b.parsed.root.mimeType(), QByteArray("text/plain"));
        QCOMPARE(b.parsed.root.charset(), QStringLiteral("utf-8"));
        QCOMPARE(b.parsed.root.params.value("format"), QStringLiteral("flowed"));
        QVERIFY(b.parsed.root.encoding.isEmpty());   // 7bit: GMime writes no Content-Transfer-Encoding (RFC 2045 §6.1 default)
        QVERIFY(!b.message.bytes.contains("Content-Transfer-Encoding"));
        QCOMPARE(b.parsed.root.content, QByteArray("Hi Ann,\r\n\r\nsee you.\r\n"));
        QVERIFY(!b.message.needsSmtpUtf8);
        // Without a date: now, in the local offset.
        const Built now = build(d);
        const QDateTime when = QDateTime::fromString(QString::fromLatin1(now.parsed.header("Date")), Qt::RFC2822Date);
        QVERIFY(when.isValid());
        QVERIFY(qAbs(when.secsTo(QDateTime::currentDateTime())) < 60);
        QCOMPARE(when.offsetFromUtc(), QDateTime::currentDateTime().offsetFromUtc());
    }

    void nonAsciiHeadersParseBackIdentically_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("latin") << QStringLiteral("Grüße aus Köln");
        QTest::newRow("long mixed") << QStringLiteral("Grüße aus Köln — ein sehr langer Betreff, der gefaltet werden muss, weil er über "
                                                      "achtundsiebzig Spalten hinausgeht 日本語のテキスト und noch mehr Text");
        QTest::newRow("cjk only, long") << QStringLiteral("日本語のテキストはとても長いのでいくつかのエンコードされた単語に分割されなければなりません。そして折り返されます。");
        QTest::newRow("emoji") << QStringLiteral("Party 🎉🎉 tonight — 😀");
        QTest::newRow("specials") << QStringLiteral("Ärger (Abteilung) \"x\" <y>, z; test@evil.example");
        QTest::newRow("looks encoded") << QStringLiteral("a =?utf-8?q?x?= b Ü");
        QTest::newRow("looks encoded, ascii") << QStringLiteral("literally =?utf-8?b?eA==?= here");
        QTest::newRow("ascii specials") << QStringLiteral("Dr. Who, \"the\" \\Doctor\\");
        QTest::newRow("long word") << QString(990, QLatin1Char('x')) + QStringLiteral(" end");
        QTest::newRow("long quoted") << QStringLiteral("Dr. ") + QString(950, QLatin1Char('y')) + QStringLiteral(", Esq.");
    }

    void nonAsciiHeadersParseBackIdentically()
    {
        QFETCH(QString, text);
        Draft d = simple();
        d.subject = text;
        d.from.name = text;
        d.to = {{text, QStringLiteral("ann@example.test")}, {QStringLiteral("Bo Ö"), QStringLiteral("bo@example.test")}};
        const Built b = build(d);
        const QByteArray &m = b.message.bytes;
        QVERIFY(!m.isEmpty());
        QVERIFY2(shapeProblem(m).isEmpty(), qPrintable(shapeProblem(m)));
        const QByteArray head = m.left(m.indexOf("\r\n\r\n"));
        for (char c : head)
            QVERIFY2(uchar(c) < 0x80, "8-bit octet in the header of an all-ASCII-address message");
        QCOMPARE(decodeHeaderText(b.parsed.header("Subject")), text);
        QCOMPARE(firstName(b.parsed.header("From")), text);
        auto to = parseDraftAddresses(QString::fromLatin1(b.parsed.header("To")));
        QVERIFY(to);
        QCOMPARE(to.value().size(), 2);
        QCOMPARE(to.value().at(0), d.to.at(0));
        QCOMPARE(to.value().at(1), d.to.at(1));
    }

    void addressesAreNeverEncoded()
    {
        // RFC 6532: a UTF-8 address stays UTF-8 (the name is still encoded), and the message needs SMTPUTF8.
        Draft d = simple();
        d.to = {{QStringLiteral("Δοκιμή"), QStringLiteral("δοκιμή@παράδειγμα.δοκιμή")}, {QString(), QStringLiteral("jürgen@bücher.example")}};
        const Built b = build(d);
        QVERIFY(b.message.needsSmtpUtf8);
        const QByteArray to = b.parsed.header("To");
        QVERIFY2(to.contains(QStringLiteral("<δοκιμή@παράδειγμα.δοκιμή>").toUtf8()), to.constData());
        QVERIFY2(to.contains(QStringLiteral("jürgen@bücher.example").toUtf8()), to.constData());
        QVERIFY(!to.contains("xn--"));
        QVERIFY(to.startsWith("=?"));   // the display name
        QCOMPARE(parseDraftAddresses(QString::fromUtf8(to)).value(), d.to);
        QCOMPARE(parseAddressList(to).value(0), QStringLiteral("δοκιμή@παράδειγμα.δοκιμή").toUtf8());
        QVERIFY(!build(simple()).message.needsSmtpUtf8);
        // A From domain in Unicode gives an ASCII Message-ID (IDNA).
        d.from.address = QStringLiteral("me@bücher.example");
        QVERIFY2(build(d).message.messageId.endsWith("@xn--bcher-kva.example>"), build(d).message.messageId.constData());
    }

    void flowedText_data()
    {
        QTest::addColumn<QString>("text");
        const QString para = QStringLiteral("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
                                            "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
                                            "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.");
        QTest::newRow("paragraph") << para + QLatin1Char('\n');
        QTest::newRow("stuffing") << QStringLiteral("From the start\n indented\n  two spaces\nFrom\n") + para + QLatin1Char('\n');
        QTest::newRow("quotes") << QStringLiteral("> ") + para + QStringLiteral("\n>> ") + para + QStringLiteral("\n>\n> > not nested\nmine\n");
        QTest::newRow("signature") << QStringLiteral("Text\n\n-- \nAnn Example\n> -- \n");
        QTest::newRow("long word") << QStringLiteral("see https://example.test/") + QString(120, QLatin1Char('a')) + QStringLiteral(" now\n");
        QTest::newRow("umlauts, no final newline") << QStringLiteral("Grüße ") + para + QStringLiteral(" Ünd ") + para;
        QTest::newRow("spaces inside") << QStringLiteral("a  b   c") + QString(80, QLatin1Char('d')) + QStringLiteral("  e\n");
        QTest::newRow("dash pieces") << QStringLiteral("-- ") + QString(76, QLatin1Char('x')) + QStringLiteral(" y\n");
    }

    void flowedText()
    {
        QFETCH(QString, text);
        const QString flowed = compose::toFlowed(text);
        for (const QString &line : flowed.split(QLatin1Char('\n'))) {
            QVERIFY2(line.size() <= 78 || !line.trimmed().contains(QLatin1Char(' ')) || line.startsWith(QLatin1String("-- ")), qPrintable(line));
            QVERIFY2(!line.startsWith(QLatin1String("From ")), qPrintable(line));   // RFC 3676 §4.4
        }
        QCOMPARE(compose::fromFlowed(flowed), text);
        // And through a whole message.
        Draft d = simple();
        d.body = text;
        const Built b = build(d);
        QString body = decodeText(b.parsed.root.content, b.parsed.root.charset());
        body.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        QCOMPARE(compose::fromFlowed(body), text.endsWith(QLatin1Char('\n')) ? text : text + QLatin1Char('\n'));
    }

    void flowedShape()
    {
        QCOMPARE(compose::toFlowed(QStringLiteral("From here\n")), QStringLiteral(" From here\n"));
        QCOMPARE(compose::toFlowed(QStringLiteral(" x\n")), QStringLiteral("  x\n"));
        QCOMPARE(compose::toFlowed(QStringLiteral("-- \nsig   \n")), QStringLiteral("-- \nsig\n"));   // hard lines lose trailing spaces
        const QString flowed = compose::toFlowed(QString(20, QLatin1Char('w')).append(QLatin1Char(' ')).repeated(10));
        const QStringList lines = flowed.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.at(0), QString(20, QLatin1Char('w')).append(QLatin1Char(' ')).repeated(3));   // 63 columns, soft
        QVERIFY(!lines.last().endsWith(QLatin1Char(' ')));
        // DelSp=yes (RFC 3676 §4.2) takes the soft break's space away.
        QCOMPARE(compose::fromFlowed(QStringLiteral("ab \ncd\n"), true), QStringLiteral("abcd\n"));
        // A change of quote depth ends a paragraph even after a soft break (§4.5).
        QCOMPARE(compose::fromFlowed(QStringLiteral("> a \n>> b\n")), QStringLiteral("> a \n>> b\n"));
        // Encoded: quoted-printable when not ASCII, the soft spaces as "=20".
        Draft d = simple();
        d.body = QStringLiteral("Grüße ") + QString(100, QLatin1Char('x')).replace(QLatin1String("xxxxxxxxxx"), QLatin1String("xxxxxxxxx "));
        const Built b = build(d);
        QCOMPARE(b.parsed.root.encoding, QByteArray("quoted-printable"));
        QVERIFY(b.message.bytes.contains("=20\r\n"));
    }

    void attachments()
    {
        QByteArray binary;
        for (int i = 0; i < 256; ++i)
            binary += char(i);
        for (int i = 0; i < 100000; ++i)
            binary += char(QRandomGenerator::global()->bounded(256));
        binary += "\r\n\n\r";
        const QString weird = QStringLiteral("Prüfbericht – Ĳssel 日本語 a very long file name that goes beyond one header line.pdf");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.txt"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("plain notes\nüber alles\n");
        f.close();
        Draft d = simple();
        d.attachments = {DraftAttachment{QString(), binary, weird, {}},
                         DraftAttachment{path, {}, {}, {}},
                         DraftAttachment{QString(), "x,y\n1,2\n", QStringLiteral("t.csv"), "text/csv"},
                         DraftAttachment{QString(), "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", QStringLiteral("noext"), {}},
                         DraftAttachment{QString(), "x", QStringLiteral("dir/März.txt"), "text/plain"}};
        const Built b = build(d);
        QVERIFY2(shapeProblem(b.message.bytes).isEmpty(), qPrintable(shapeProblem(b.message.bytes)));
        const MimePart &root = b.parsed.root;
        QCOMPARE(root.mimeType(), QByteArray("multipart/mixed"));
        QCOMPARE(root.children.size(), 6);
        QCOMPARE(root.children.at(0).mimeType(), QByteArray("text/plain"));
        const MimePart &bin = root.children.at(1);
        QCOMPARE(bin.content, binary);                                    // every byte back
        QCOMPARE(bin.encoding, QByteArray("base64"));
        QCOMPARE(bin.filename, weird);                                    // RFC 2231, continued, parsed back
        QCOMPARE(bin.params.value("name"), weird);
        QCOMPARE(bin.disposition, QByteArray("attachment"));
        QCOMPARE(bin.mimeType(), QByteArray("application/pdf"));         // guessed from the name
        QVERIFY2(b.message.bytes.contains("filename*0*=UTF-8''Pr%C3%BCfbericht"), "no RFC 2231 filename");
        QVERIFY(!b.message.bytes.contains("filename=\"=?"));            // never RFC 2047 in a parameter
        const MimePart &text = root.children.at(2);
        QCOMPARE(text.filename, QStringLiteral("notes.txt"));
        QCOMPARE(text.mimeType(), QByteArray("text/plain"));
        QCOMPARE(text.charset(), QStringLiteral("utf-8"));
        QCOMPARE(text.encoding, QByteArray("quoted-printable"));
        QCOMPARE(text.content, QByteArray("plain notes\r\n\xc3\xbc" "ber alles\r\n"));   // text in canonical CRLF form (RFC 2046 §4.1.1)
        QVERIFY(root.children.at(3).encoding.isEmpty());   // 7bit
        QCOMPARE(root.children.at(3).mimeType(), QByteArray("text/csv"));
        QCOMPARE(root.children.at(4).mimeType(), QByteArray("application/pdf"));   // guessed from the bytes
        // A name that fits Latin-1 is UTF-8 too (GMime would pick ISO-8859-1), and never a path.
        QCOMPARE(root.children.at(5).filename, QStringLiteral("März.txt"));
        QVERIFY(b.message.bytes.contains("filename*=UTF-8''M%C3%A4rz.txt"));
    }

    void limits()
    {
        Draft d = simple();
        ComposeOptions small;
        small.limits.maxAttachmentBytes = 1000;
        d.attachments = {DraftAttachment{QString(), QByteArray(1001, 'x'), QStringLiteral("big.bin"), {}}};
        auto m = composeMessage(d, small);
        QVERIFY(!m);
        QVERIFY2(m.error().message.contains(QStringLiteral("at most")), qPrintable(m.error().message));
        // The real limit, on a 101 MB (sparse) file: refused before it is read.
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("huge.iso")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(101LL << 20));
        f.close();
        d.attachments = {DraftAttachment{f.fileName(), {}, {}, {}}};
        m = composeMessage(d);
        QVERIFY(!m);
        QVERIFY2(m.error().message.contains(QStringLiteral("101 MB")) && m.error().message.contains(QStringLiteral("100 MB")), qPrintable(m.error().message));
        d.attachments = {DraftAttachment{dir.filePath(QStringLiteral("missing")), {}, {}, {}}};
        m = composeMessage(d);
        QVERIFY(!m);
        QCOMPARE(m.error().code, Error::Code::Io);
        d.attachments = {DraftAttachment{QStringLiteral("/dev/zero"), {}, {}, {}}};   // not a file: it never ends
        QVERIFY(!composeMessage(d));
    }

    void headerInjectionRefused_data()
    {
        QTest::addColumn<int>("where");
        QTest::addColumn<QString>("value");
        const QString evil = QStringLiteral("x\r\nBcc: victim@example.test");
        for (int i = 0; i < 8; ++i) {
            QTest::addRow("crlf %d", i) << i << evil;
            QTest::addRow("lf %d", i) << i << QStringLiteral("x\nBcc: victim@example.test");
        }
        QTest::addRow("nul subject") << 0 << QString::fromLatin1("a\0b", 3);
    }

    void headerInjectionRefused()
    {
        QFETCH(int, where);
        QFETCH(QString, value);
        Draft d = simple();
        ComposeOptions o;
        switch (where) {
        case 0: d.subject = value; break;
        case 1: d.from.name = value; break;
        case 2: d.to.first().address = QStringLiteral("ann@example.test") + value; break;
        case 3: d.cc = {{value, QStringLiteral("c@example.test")}}; break;
        case 4: d.attachments = {DraftAttachment{QString(), "x", value, {}}}; break;
        case 5: d.inReplyTo = "<a@b>" + value.toUtf8(); break;
        case 6: d.references = {"<a@b>" + value.toUtf8()}; break;
        case 7: d.attachments = {DraftAttachment{QString(), "x", QStringLiteral("x.txt"), "text/plain" + value.toUtf8()}}; break;
        }
        auto m = composeMessage(d, o);
        QVERIFY(!m);
        QVERIFY2(!m.error().message.isEmpty(), "no reason given");
        // And typed addresses: no second field sneaks in through a list.
        QVERIFY(!parseDraftAddresses(QStringLiteral("a@example.test") + value));
    }

    void encodedWordsCannotInjectThroughAReply()
    {
        // A From name whose encoded word hides CRLF + a header: the reply cleans the name, injects nothing.
        const QByteArray hostile = crlf("From: =?utf-8?b?" + QByteArray("Eve\r\nBcc: victim@example.test").toBase64() +
                                        "?= <eve@example.test>\nSubject: hi\nMessage-ID: <h@example.test>\n\nbody\n");
        auto d = replyDraft(hostile, ReplyMode::Sender, {kMe, {}, {}});
        QVERIFY2(d, qPrintable(d.error().message));
        const Built b = build(d.value());
        QVERIFY(b.parsed.header("Bcc").isEmpty());
        QCOMPARE(parseAddressList(b.parsed.header("To")), QList<QByteArray>{"eve@example.test"});
    }

    void replySubjects_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("forward");
        const auto row = [](const char *name, const char *in, const char *reply, const char *forward) {
            QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(reply) << QString::fromUtf8(forward);
        };
        row("plain", "Hello", "Re: Hello", "Fwd: Hello");
        row("re", "Re: Hello", "Re: Hello", "Fwd: Re: Hello");
        row("stacked", "RE: re:Re:  Hello", "Re: Hello", "Fwd: RE: re:Re:  Hello");
        row("counted", "Re[3]: Hello", "Re: Hello", "Fwd: Re[3]: Hello");
        row("german", "AW: Hello", "Re: Hello", "Fwd: AW: Hello");
        row("chinese", "回复：Hello", "Re: Hello", "Fwd: 回复：Hello");
        row("fwd", "Fwd: Hello", "Re: Fwd: Hello", "Fwd: Hello");
        row("fwd stacked", "Fwd: FW: WG: Hello", "Re: Fwd: FW: WG: Hello", "Fwd: Hello");
        row("not a prefix", "Recap: Hello", "Re: Recap: Hello", "Fwd: Recap: Hello");
        row("empty", "", "Re:", "Fwd:");
    }

    void replySubjects()
    {
        QFETCH(QString, in);
        QFETCH(QString, reply);
        QFETCH(QString, forward);
        QCOMPARE(replySubject(in), reply);
        QCOMPARE(forwardSubject(in), forward);
        QCOMPARE(replySubject(replySubject(in)), reply);   // never "Re: Re:"
    }

    void replyModes()
    {
        const Responder me{kMe, {QStringLiteral("Alias@example.test")}, QStringLiteral("My answer.\n")};
        auto sender = replyDraft(kOriginal, ReplyMode::Sender, me);
        QVERIFY2(sender, qPrintable(sender.error().message));
        QCOMPARE(sender.value().to, (QList<DraftAddress>{{QStringLiteral("Alice Example"), QStringLiteral("alice@example.test")}}));
        QVERIFY(sender.value().cc.isEmpty());
        QCOMPARE(sender.value().from, kMe);
        QCOMPARE(sender.value().subject, QStringLiteral("Re: Hello there"));
        QCOMPARE(sender.value().inReplyTo, QByteArray("<orig-3@example.test>"));
        QCOMPARE(sender.value().references, (QList<QByteArray>{"<root-1@example.test>", "<orig-2@example.test>", "<orig-3@example.test>"}));

        auto all = replyDraft(kOriginal, ReplyMode::All, me);
        QVERIFY(all);
        QCOMPARE(all.value().to, (QList<DraftAddress>{{QStringLiteral("Alice Example"), QStringLiteral("alice@example.test")},
                                                      {QStringLiteral("Bob"), QStringLiteral("bob@example.test")},
                                                      {QString(), QStringLiteral("carol@example.test")}}));
        QCOMPARE(all.value().cc, (QList<DraftAddress>{{QString(), QStringLiteral("dave@example.test")}}));   // BOB twice, me and my alias: gone

        auto list = replyDraft(kOriginal, ReplyMode::List, me);
        QVERIFY(list);
        QCOMPARE(list.value().to, (QList<DraftAddress>{{QString(), QStringLiteral("list@example.test")}}));
        QCOMPARE(list.value().subject, QStringLiteral("Re: Hello there"));

        // The message as built carries the thread.
        const Built b = build(all.value());
        QCOMPARE(b.parsed.header("In-Reply-To"), QByteArray("<orig-3@example.test>"));
        QCOMPARE(b.parsed.header("References"), QByteArray("<root-1@example.test> <orig-2@example.test> <orig-3@example.test>"));
        QCOMPARE(b.parsed.header("Subject"), QByteArray("Re: Hello there"));
        QCOMPARE(parseAddressList(b.parsed.header("To")), (QList<QByteArray>{"alice@example.test", "bob@example.test", "carol@example.test"}));
        QCOMPARE(parseAddressList(b.parsed.header("Cc")), QList<QByteArray>{"dave@example.test"});
    }

    void replyRecipientsEdgeCases()
    {
        const Responder me{kMe, {}, {}};
        // Reply-To wins over From (RFC 5322 §3.6.2).
        const QByteArray withReplyTo = crlf("Reply-To: Team <team@example.test>\n") + kOriginal;
        QCOMPARE(replyDraft(withReplyTo, ReplyMode::Sender, me).value().to, (QList<DraftAddress>{{QStringLiteral("Team"), QStringLiteral("team@example.test")}}));
        QCOMPARE(replyDraft(withReplyTo, ReplyMode::All, me).value().to.first().address, QStringLiteral("team@example.test"));
        // A reply to one's own message goes to its recipients.
        const QByteArray own = crlf("From: Me Myself <ME@example.test>\nTo: x@example.test\nSubject: mine\n\nhi\n");
        QCOMPARE(replyDraft(own, ReplyMode::Sender, me).value().to, (QList<DraftAddress>{{QString(), QStringLiteral("x@example.test")}}));
        // A message to oneself only: reply-all goes back to oneself rather than to no one.
        const QByteArray note = crlf("From: me@example.test\nTo: me@example.test\nSubject: note\n\nhi\n");
        QCOMPARE(replyDraft(note, ReplyMode::All, me).value().to.size(), 1);
        // No List-Post, or List-Post: NO: a clear error.
        const QByteArray noList = crlf("From: a@example.test\nSubject: x\n\nhi\n");
        auto r = replyDraft(noList, ReplyMode::List, me);
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(QStringLiteral("List-Post")), qPrintable(r.error().message));
        r = replyDraft(crlf("From: a@example.test\nList-Post: NO (posting not allowed)\n\nhi\n"), ReplyMode::List, me);
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(QStringLiteral("NO")), qPrintable(r.error().message));
        // Several List-Post URLs: the mailto one.
        r = replyDraft(crlf("From: a@example.test\nList-Post: <https://lists.example.test/post>,\n <mailto:dev%2Dlist@example.test>\n\nhi\n"), ReplyMode::List, me);
        QVERIFY(r);
        QCOMPARE(r.value().to.first().address, QStringLiteral("dev-list@example.test"));
        // Not a message at all.
        QVERIFY(!replyDraft(QByteArray(), ReplyMode::Sender, me));
    }

    void longReferencesAreTrimmed()
    {
        QByteArray refs;
        for (int i = 0; i < 40; ++i)
            refs += " <r" + QByteArray::number(i) + "@example.test>";
        const QByteArray original = crlf("From: a@example.test\nSubject: x\nMessage-ID: <last@example.test>\nReferences:" + refs + "\n\nhi\n");
        auto d = replyDraft(original, ReplyMode::Sender, {kMe, {}, {}});
        QVERIFY(d);
        const QList<QByteArray> r = d.value().references;
        QCOMPARE(r.size(), 20);
        QCOMPARE(r.first(), QByteArray("<r0@example.test>"));      // the thread's root
        QCOMPARE(r.at(1), QByteArray("<r22@example.test>"));      // then the 19 most recent
        QCOMPARE(r.last(), QByteArray("<last@example.test>"));     // the parent
        const Built b = build(d.value());
        QVERIFY2(shapeProblem(b.message.bytes).isEmpty(), qPrintable(shapeProblem(b.message.bytes)));   // folded
        QCOMPARE(QByteArray(b.parsed.header("References")).split(' ').size(), 20);
    }

    void quoting()
    {
        auto d = replyDraft(kOriginal, ReplyMode::Sender, {kMe, {}, QStringLiteral("My answer.\n")});
        QVERIFY(d);
        QCOMPARE(d.value().body, QStringLiteral("On Mon, 3 Jun 2024 10:05 +0200, Alice Example wrote:\n"
                                                "> This is a long flowed paragraph that was soft broken by the sender's mail client at seventy-two columns.\n"
                                                ">> an earlier quote\n"
                                                "> From here on it is plain.\n"
                                                "\n"
                                                "My answer.\n"));
        // As sent: the long quoted paragraph flows again, each piece quoted.
        const Built b = build(d.value());
        const QString sent = decodeText(b.parsed.root.content, b.parsed.root.charset());
        QVERIFY2(sent.contains(QStringLiteral("> This is a long flowed paragraph that was soft broken by the sender's mail \r\n> client")), qPrintable(sent));
        // An HTML-only original is reduced to its text.
        const QByteArray html = crlf("From: Zoë <zoe@example.test>\nSubject: html\nContent-Type: text/html; charset=utf-8\n\n"
                                     "<html><head><style>p{color:red}</style></head><body><p>Caf&eacute; &amp; cr&#232;me<br>second\n"
                                     "line</p><script>alert(1)</script><ul><li>one</li></ul></body></html>\n");
        d = replyDraft(html, ReplyMode::Sender, {kMe, {}, {}});
        QVERIFY(d);
        QCOMPARE(d.value().body, QStringLiteral("Zoë wrote:\n> Café & crème\n> second line\n>\n> * one\n"));
        // Another charset and transfer encoding: decoded before it is quoted.
        const QByteArray latin1 = crlf("From: x@example.test\nContent-Type: text/plain; charset=iso-8859-1\n"
                                       "Content-Transfer-Encoding: quoted-printable\n\nCaf=E9 cr=E8me=\n br=FBl=E9e\n");
        d = replyDraft(latin1, ReplyMode::Sender, {kMe, {}, {}});
        QVERIFY(d);
        QCOMPARE(d.value().body, QStringLiteral("x@example.test wrote:\n> Café crème brûlée\n"));
    }

    void forwardInline()
    {
        const QByteArray withAttachment = crlf(
            "From: Alice Example <alice@example.test>\nTo: bob@example.test\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\n"
            "Date: Mon, 3 Jun 2024 10:05:07 +0200\nMessage-ID: <f@example.test>\nMIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nThe text.\n"
            "--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=data.bin\n"
            "Content-Transfer-Encoding: base64\n\nAAECAw==\n--b--\n");
        auto d = forwardDraft(withAttachment, ForwardMode::Inline, {kMe, {}, QStringLiteral("FYI")});
        QVERIFY2(d, qPrintable(d.error().message));
        QCOMPARE(d.value().subject, QStringLiteral("Fwd: Grüße"));
        QVERIFY(d.value().to.isEmpty());
        QVERIFY(d.value().inReplyTo.isEmpty());
        QCOMPARE(d.value().body, QStringLiteral("FYI\n\n-------- Forwarded Message --------\nSubject: Grüße\nDate: Mon, 3 Jun 2024 10:05:07 +0200\n"
                                                "From: Alice Example <alice@example.test>\nTo: bob@example.test\n\nThe text.\n"));
        QCOMPARE(d.value().attachments.size(), 1);
        Draft draft = d.value();
        draft.to = {{QString(), QStringLiteral("carol@example.test")}};
        const Built b = build(draft);
        QCOMPARE(b.parsed.root.children.size(), 2);
        QCOMPARE(b.parsed.root.children.at(1).filename, QStringLiteral("data.bin"));
        QCOMPARE(b.parsed.root.children.at(1).content, QByteArray("\0\1\2\3", 4));
    }

    void forwardAttached()
    {
        auto d = forwardDraft(kOriginal, ForwardMode::Attached, {kMe, {}, QStringLiteral("See below.")});
        QVERIFY(d);
        QCOMPARE(d.value().subject, QStringLiteral("Fwd: Re: RE: Hello there"));
        Draft draft = d.value();
        draft.to = {{QString(), QStringLiteral("carol@example.test")}};
        const Built b = build(draft);
        QVERIFY2(shapeProblem(b.message.bytes).isEmpty(), qPrintable(shapeProblem(b.message.bytes)));
        const MimePart &root = b.parsed.root;
        QCOMPARE(root.children.size(), 2);
        const MimePart &attached = root.children.at(1);
        QCOMPARE(attached.mimeType(), QByteArray("message/rfc822"));
        QVERIFY(attached.encoding.isEmpty());   // 7bit; RFC 2046 §5.2.1: never base64 or quoted-printable
        QVERIFY(b.message.bytes.contains("filename=\"Re_ RE_ Hello there.eml\""));   // (the part tree has no names for messages)
        QVERIFY(!attached.children.isEmpty());
        const QByteArray part = rawPart(b.message.bytes, "2").value();
        QCOMPARE(part.mid(part.indexOf("\r\n\r\n") + 4), kOriginal);   // the original's bytes
        // The original's subject is the embedded message's.
        QByteArray inner;
        for (const auto &[n, v] : attached.children.first().headers)
            if (n == "Subject")
                inner = v;
        QCOMPARE(inner, QByteArray("Re: RE: Hello there"));
    }

    void commandLine()
    {
        QTemporaryDir dir;
        const QString original = dir.filePath(QStringLiteral("orig.eml"));
        QFile f(original);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kOriginal);
        f.close();
        const QString body = dir.filePath(QStringLiteral("body.txt"));
        QFile b(body);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("Fine by me.\n");
        b.close();
        const QString noList = dir.filePath(QStringLiteral("nolist.eml"));
        QFile n(noList);
        QVERIFY(n.open(QIODevice::WriteOnly));
        n.write(crlf("From: a@example.test\nSubject: x\n\nhi\n"));
        n.close();
        auto run = [](const QStringList &args) { return test::runTern(QStringList{QStringLiteral("compose")} + args); };

        test::TernRun r = run({QStringLiteral("--from"), QStringLiteral("Me Myself <me@example.test>"), QStringLiteral("--reply-all"), original,
                               QStringLiteral("--me"), QStringLiteral("alias@example.test"), QStringLiteral("--body-file"), body,
                               QStringLiteral("--attach"), body});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto parsed = parseMessage(r.out.toUtf8());
        QVERIFY(parsed);
        QCOMPARE(parsed.value().header("Subject"), QByteArray("Re: Hello there"));
        QCOMPARE(parsed.value().header("In-Reply-To"), QByteArray("<orig-3@example.test>"));
        QCOMPARE(parseAddressList(parsed.value().header("Cc")), QList<QByteArray>{"dave@example.test"});
        QCOMPARE(parsed.value().root.children.size(), 2);
        QVERIFY(r.out.contains(QStringLiteral("Fine by me.")));

        r = run({QStringLiteral("--from"), QStringLiteral("Zoë <zoë@example.test>"), QStringLiteral("--to"), QStringLiteral("a@example.test, B <b@example.test>"),
                 QStringLiteral("--subject"), QStringLiteral("Grüße")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("SMTPUTF8")), qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("To: a@example.test, B <b@example.test>\r\n")));

        struct Bad { QStringList args; QString says; int code; };
        const QList<Bad> bad = {
            {{QStringLiteral("--to"), QStringLiteral("a@example.test")}, QStringLiteral("--from"), 2},
            {{QStringLiteral("--from"), QStringLiteral("me@example.test"), QStringLiteral("--subject"), QStringLiteral("x\nBcc: v@example.test")}, QStringLiteral("line break"), 2},
            {{QStringLiteral("--from"), QStringLiteral("me@example.test"), QStringLiteral("--to"), QStringLiteral("not an address")}, QStringLiteral("mail address"), 2},
            {{QStringLiteral("--from"), QStringLiteral("me@example.test"), QStringLiteral("--reply-list"), noList}, QStringLiteral("List-Post"), 2},
            {{QStringLiteral("--from"), QStringLiteral("me@example.test"), QStringLiteral("--reply"), original, QStringLiteral("--forward"), original}, QStringLiteral("one original"), 2},
            {{QStringLiteral("--from"), QStringLiteral("me@example.test"), QStringLiteral("--attach"), dir.filePath(QStringLiteral("nope"))}, QStringLiteral("nope"), 1},
            {{QStringLiteral("--from"), QStringLiteral("me@example.test"), QStringLiteral("--body-file"), dir.filePath(QStringLiteral("nope"))}, QStringLiteral("nope"), 1},
        };
        for (const Bad &c : bad) {
            r = run(c.args);
            QVERIFY2(r.code == c.code && r.err.contains(c.says) && r.out.isEmpty(),
                     qPrintable(QStringLiteral("%1 -> %2: %3").arg(c.args.join(QLatin1Char(' '))).arg(r.code).arg(r.err)));
        }
    }
};

QTEST_GUILESS_MAIN(TestComposer)
#include "tst_composer.moc"

// The MIME engine's part tree: decoding (transfer encodings, charsets, RFC 2047
// and RFC 2231), the same tree from a parsed message and from BODYSTRUCTURE,
// which parts a reader needs, the exact bytes a signature covers, and limits
// that make MIME bombs a clean problem instead of a hang or a crash.
#include "imap/ImapResponse.h"
#include "mime/Addresses.h"
#include "mime/MimeTree.h"

#include <QElapsedTimer>
#include <QTest>

using namespace tern;
using namespace tern::mime;

namespace {
QByteArray crlf(QByteArray s)
{
    s.replace("\r\n", "\n");
    return s.replace("\n", "\r\n");
}

const QByteArray kMixed = crlf(
    "From: a@example.test\n"
    "Subject: =?iso-8859-1?q?caf=E9?=\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n"
    "\n"
    "preamble\n"
    "--outer\n"
    "Content-Type: multipart/alternative; boundary=alt\n"
    "\n"
    "--alt\n"
    "Content-Type: text/plain; charset=iso-8859-1\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "caf=E9 =80 5\n"
    "--alt\n"
    "Content-Type: text/html; charset=utf-8\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "PHA+Y2Fmw6k8L3A+\n"
    "--alt--\n"
    "--outer\n"
    "Content-Type: application/octet-stream\n"
    "Content-Disposition: attachment; filename*0*=utf-8''na%C3%AFve%20;\n"
    " filename*1*=file.txt\n"
    "Content-Transfer-Encoding: x-uuencode\n"
    "\n"
    "begin 644 naive file.txt\n"
    "#:&DA\n"
    "`\n"
    "end\n"
    "--outer\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "From: b@example.test\n"
    "Subject: inner\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "inside\n"
    "--outer--\n"
    "epilogue\n");
} // namespace

class TestMime : public QObject {
    Q_OBJECT
private slots:
    void partTreeAndDecoding()
    {
        auto m = parseMessage(kMixed);
        QVERIFY2(m.ok(), qPrintable(m.error().message));
        const MimePart &root = m.value().root;
        QCOMPARE(root.mimeType(), QByteArray("multipart/mixed"));
        QCOMPARE(root.children.size(), 3);
        const MimePart *plain = root.find("1.1"), *html = root.find("1.2"), *att = root.find("2"), *inner = root.find("3.1");
        QVERIFY(plain && html && att && inner);
        QCOMPARE(decodeText(plain->content, plain->charset()), QStringLiteral("café € 5"));   // Latin-1 label, windows-1252 bytes
        QCOMPARE(decodeText(html->content, html->charset()), QStringLiteral("<p>café</p>"));
        QCOMPARE(att->filename, QStringLiteral("naïve file.txt"));                           // RFC 2231 continuation and charset
        QCOMPARE(att->content, QByteArray("hi!"));                                           // uuencode
        QVERIFY(att->isAttachment());
        QCOMPARE(inner->content.trimmed(), QByteArray("inside"));
        QCOMPARE(root.find("3")->children.first().headers.value(1).second, QByteArray("inner"));
        QCOMPARE(decodeHeaderText(m.value().header("Subject")), QStringLiteral("café"));
    }

    void whatAReaderSees()
    {
        const MimePart &root = parseMessage(kMixed).value().root;
        auto sections = [](const QList<const MimePart *> &parts) {
            QList<QByteArray> out;
            for (const MimePart *p : parts)
                out << p->section;
            return out;
        };
        QCOMPARE(sections(displayedParts(root, false)), (QList<QByteArray>{"1.2", "3.1"}));   // HTML alternative, the attached message
        QCOMPARE(sections(displayedParts(root, true)), (QList<QByteArray>{"1.1", "3.1"}));    // the reader prefers plain text
        QVERIFY(sectionsToRender(root, false).isEmpty());                                     // all loaded
    }

    void bodyStructureGivesTheSameTreeUnloaded()
    {
        const QByteArray line =
            "* 1 FETCH (BODYSTRUCTURE (((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"iso-8859-1\") NIL NIL \"QUOTED-PRINTABLE\" 15 1 NIL NIL NIL NIL)"
            "(\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") NIL NIL \"BASE64\" 18 1 NIL NIL NIL NIL) \"ALTERNATIVE\" (\"BOUNDARY\" \"alt\") NIL NIL NIL)"
            "(\"APPLICATION\" \"OCTET-STREAM\" NIL NIL NIL \"X-UUENCODE\" 40 NIL (\"ATTACHMENT\" (\"FILENAME*\" \"utf-8''na%C3%AFve%20file.txt\")) NIL NIL)"
            "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 80 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) "
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 7 1 NIL NIL NIL NIL) 5 NIL NIL NIL NIL) \"MIXED\" (\"BOUNDARY\" \"outer\") NIL NIL NIL))";
        auto r = imap::ResponseParser::parse(line, {}, {});
        QVERIFY(r.ok());
        auto tree = fromBodyStructure(r.value().tokens.first().items.at(1));
        QVERIFY2(tree.ok(), qPrintable(tree.error().message));
        const MimePart &root = tree.value();
        const MimePart &parsed = parseMessage(kMixed).value().root;
        std::function<void(const MimePart &, const MimePart &)> same = [&](const MimePart &a, const MimePart &b) {
            QCOMPARE(a.section, b.section);
            QCOMPARE(a.mimeType(), b.mimeType());
            QCOMPARE(a.children.size(), b.children.size());
            for (int i = 0; i < a.children.size(); ++i)
                same(a.children.at(i), b.children.at(i));
        };
        same(root, parsed);
        QCOMPARE(root.find("1.1")->charset(), QStringLiteral("iso-8859-1"));
        QCOMPARE(root.find("2")->size, 40);
        QCOMPARE(root.find("2")->filename, QStringLiteral("naïve file.txt"));   // RFC 2231 as the server passes it on
        QVERIFY(root.find("2")->isAttachment());
        // Nothing is loaded: the sections to fetch are exactly what a reader sees.
        QCOMPARE(sectionsToRender(root, false), (QList<QByteArray>{"1.2", "3.1"}));
        QCOMPARE(sectionsToRender(root, true), (QList<QByteArray>{"1.1", "3.1"}));
        QVERIFY(!fromBodyStructure(imap::Token{}).ok());
    }

    void charsets_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("charset");
        QTest::addColumn<QString>("text");
        QTest::newRow("utf-8") << QByteArray("gr\xc3\xbc\xc3\x9f") << "UTF-8" << QStringLiteral("grüß");
        QTest::newRow("unlabelled utf-8") << QByteArray("gr\xc3\xbc\xc3\x9f") << "" << QStringLiteral("grüß");
        QTest::newRow("unlabelled 8-bit") << QByteArray("gr\xfc\xdf \x80") << "" << QStringLiteral("grüß €");
        QTest::newRow("us-ascii mislabel") << QByteArray("\x93quoted\x94") << "us-ascii" << QStringLiteral("\u201cquoted\u201d");
        QTest::newRow("us-ascii label, utf-8 bytes") << QByteArray("gr\xc3\xbc\xc3\x9f") << "us-ascii" << QStringLiteral("grüß");
        QTest::newRow("koi8-r") << QByteArray("\xf0\xd2\xc9\xd7\xc5\xd4") << "koi8-r" << QStringLiteral("Привет");
        QTest::newRow("shift_jis alias") << QByteArray("\x93\xfa\x96\x7b") << "x-sjis" << QStringLiteral("日本");
        QTest::newRow("gb2312 as gbk") << QByteArray("\xd6\xd0\xce\xc4") << "gb2312" << QStringLiteral("中文");
        QTest::newRow("big5") << QByteArray("\xa4\xa4\xa4\xe5") << "big5" << QStringLiteral("中文");
        QTest::newRow("unknown name") << QByteArray("plain") << "x-no-such-charset" << QStringLiteral("plain");
        QTest::newRow("broken utf-8") << QByteArray("a\xff" "b") << "utf-8" << QStringLiteral("a\ufffdb");
    }

    void charsets()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, charset);
        QFETCH(QString, text);
        QCOMPARE(decodeText(bytes, charset), text);
    }

    void transferEncodingsAsRealMailersSendThem_data()
    {
        QTest::addColumn<QByteArray>("encoding");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("content");
        // A broken mailer strips the padding: the last group still holds bytes.
        QTest::newRow("base64 without padding, one byte left") << QByteArray("base64") << QByteArray("Y2Fmw6k\n") << QByteArray("caf\xc3\xa9");
        QTest::newRow("base64 without padding, two bytes left") << QByteArray("base64") << QByteArray("SGVsbG8\n") << QByteArray("Hello");
        QTest::newRow("base64 with garbage, text after the padding") << QByteArray("base64") << QByteArray("SGVs!bG8*s\nIHdv cmxk\nIQ==\nnot base64\n")
                                                                    << QByteArray("Hello, world!");
        // RFC 2045 §6.7 (3): white space a transport added after a soft break does not unmake it.
        QTest::newRow("qp soft break with trailing white space") << QByteArray("quoted-printable") << QByteArray("soft =  \nbreak, trailing   \nkept =20\n")
                                                                 << QByteArray("soft break, trailing\nkept  \n");
        QTest::newRow("qp broken escapes stay as written") << QByteArray("quoted-printable") << QByteArray("=ZZ caf=e9 =4\n") << QByteArray("=ZZ caf\xe9 =4\n");
    }

    void transferEncodingsAsRealMailersSendThem()
    {
        QFETCH(QByteArray, encoding);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, content);
        auto m = parseMessage(crlf("From: a@example.test\nContent-Type: text/plain\nContent-Transfer-Encoding: " + encoding + "\n\n" + body));
        QVERIFY(m.ok());
        QByteArray decoded = m.value().root.content;
        QCOMPARE(decoded.replace("\r\n", "\n"), content);
    }

    void mixedLineEndingsLoseNoByte()
    {
        // A part with CRLF lines in a message with LF lines, and the reverse.
        const QByteArray lfMessage = "From: a@example.test\nContent-Type: multipart/mixed; boundary=x\n\n"
                                     "--x\r\nContent-Type: text/plain\r\n\r\none,\r\ntwo.\r\n--x--\n";
        const QByteArray crlfMessage = "From: a@example.test\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
                                       "--x\r\nContent-Type: text/plain\n\none,\r\ntwo.\n--x--\r\n";
        for (const QByteArray &raw : {lfMessage, crlfMessage}) {
            auto m = parseMessage(raw);
            QVERIFY(m.ok());
            QByteArray text = m.value().root.find("1")->content;
            QCOMPARE(text.replace("\r\n", "\n"), QByteArray("one,\ntwo."));
        }
    }

    void encodedWordsAsRealMailersSendThem_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QByteArray("=?utf-8?q?gr=C3=BC=C3=9Fe?=") << QStringLiteral("grüße");
        QTest::newRow("adjacent words") << QByteArray("=?utf-8?q?a?= =?utf-8?q?b?=") << QStringLiteral("ab");
        QTest::newRow("no space between") << QByteArray("=?utf-8?q?a?==?utf-8?q?b?=") << QStringLiteral("ab");
        QTest::newRow("space inside q") << QByteArray("=?utf-8?q?hello world?=") << QStringLiteral("hello world");
        QTest::newRow("two padded words") << QByteArray("=?utf-8?b?w6k=?= =?utf-8?b?w6k=?=") << QStringLiteral("éé");
        QTest::newRow("split utf-8 sequence") << QByteArray("=?utf-8?b?ww==?= =?utf-8?b?qQ==?=") << QStringLiteral("é");
        QTest::newRow("split utf-8 q") << QByteArray("=?utf-8?q?=C3?= =?utf-8?q?=A9?=") << QStringLiteral("é");
        QTest::newRow("lowercase b") << QByteArray("=?UTF-8?b?Y2Fmw6k=?=") << QStringLiteral("café");
        QTest::newRow("inside a word") << QByteArray("x=?utf-8?q?y?=z") << QStringLiteral("xyz");
        QTest::newRow("unknown charset") << QByteArray("=?x-bogus?q?abc?=") << QStringLiteral("abc");
    }

    void encodedWordsAsRealMailersSendThem()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, text);
        QCOMPARE(decodeHeaderText(raw), text);
    }

    void signedPartsKeepTheirExactBytes()
    {
        const QByteArray signedPart = crlf("Content-Type: text/plain; charset=us-ascii\n"
                                           "Content-Transfer-Encoding: 7bit\n"
                                           "\n"
                                           "Signed text.  \n"   // trailing spaces matter to the signature
                                           "-- \n"
                                           "me\n");
        const QByteArray raw = crlf("From: a@example.test\nContent-Type: multipart/signed; boundary=\"b1\"; protocol=\"application/pgp-signature\"; micalg=pgp-sha256\n\n"
                                    "--b1\n") + signedPart + crlf("\n--b1\nContent-Type: application/pgp-signature\n\nSIG\n--b1--\n");
        auto m = parseMessage(raw);
        QVERIFY(m.ok());
        QCOMPARE(m.value().root.children.first().raw, signedPart);
        QCOMPARE(rawPart(raw, "1").value(), signedPart);
        QVERIFY(rawPart(raw, "2").value().endsWith("SIG"));
        QVERIFY(!rawPart(raw, "3").ok());
        QVERIFY(!rawPart(raw, "x").ok());
        // A boundary that is a prefix of a longer line is not a delimiter.
        const QByteArray tricky = crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--bb not a delimiter\n--b\n\ntwo\n--b--\n");
        QCOMPARE(rawPart(tricky, "1").value(), crlf("\none\n--bb not a delimiter"));
        QCOMPARE(rawPart(tricky, "2").value(), crlf("\ntwo"));
    }

    void mimeBombsAreBounded()
    {
        QElapsedTimer t;
        t.start();
        {   // 100,000 nested multiparts: refused before GMime recurses.
            QByteArray bomb = "Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n";
            for (int i = 1; i < 100000; ++i)
                bomb += "--b" + QByteArray::number(i - 1) + "\r\nContent-Type: multipart/mixed; boundary=\"b" + QByteArray::number(i) + "\"\r\n\r\n";
            QVERIFY(!parseMessage(bomb).ok());
        }
        {   // 60 levels: parsed, cut at the depth limit with a problem line.
            QByteArray deep = "Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n";
            for (int i = 1; i < 60; ++i)
                deep += "--b" + QByteArray::number(i - 1) + "\r\nContent-Type: multipart/mixed; boundary=\"b" + QByteArray::number(i) + "\"\r\n\r\n";
            deep += "--b59\r\nContent-Type: text/plain\r\n\r\nbottom\r\n";
            auto m = parseMessage(deep);
            QVERIFY(m.ok());
            QVERIFY(!m.value().problems.isEmpty());
            QVERIFY(m.value().root.count() <= MimeLimits{}.maxDepth + 2);
        }
        {   // 50,000 sibling parts: the first 2,000 shown.
            QByteArray wide = "Content-Type: multipart/mixed; boundary=\"w\"\r\n\r\n";
            for (int i = 0; i < 50000; ++i)
                wide += "--w\r\nContent-Type: text/plain\r\n\r\nx\r\n";
            wide += "--w--\r\n";
            auto m = parseMessage(wide);
            QVERIFY(m.ok());
            QVERIFY(m.value().root.count() <= MimeLimits{}.maxParts + 1);
            QVERIFY(!m.value().problems.isEmpty());
        }
        {   // 5,000 header fields before the ones a reader is shown: those are still read.
            QByteArray many;
            for (int i = 0; i < 5000; ++i)
                many += "X-Filler-" + QByteArray::number(i) + ": x\r\n";
            auto m = parseMessage(many + "From: a@example.test\r\nSubject: after the fillers\r\n\r\nbody\r\n");
            QVERIFY(m.ok());
            QCOMPARE(m.value().header("Subject"), QByteArray("after the fillers"));
            QCOMPARE(m.value().header("From"), QByteArray("a@example.test"));
            QVERIFY(m.value().headers.size() <= 1100);
            QVERIFY(!m.value().problems.isEmpty());
        }
        QVERIFY(!parseMessage(QByteArray()).ok());
        MimeLimits small;
        small.maxMessageBytes = 10;
        QVERIFY(!parseMessage("Subject: more than ten bytes\r\n\r\n", small).ok());
        qInfo("three bombs in %lld ms", t.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestMime)
#include "tst_mime.moc"

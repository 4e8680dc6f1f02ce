// IMAP responses from bytes: table-driven, plus streaming and hostile input.
#include "imap/ImapResponse.h"
#include "imap/SequenceSet.h"

#include <QTest>

using namespace tern::imap;

namespace {
// Feeds `bytes` in chunks of `chunk` and returns every response (dumped) or the error.
QList<QByteArray> parseAll(const QByteArray &bytes, int chunk = 1 << 20, QString *error = nullptr)
{
    ResponseParser p;
    QList<QByteArray> out;
    for (int i = 0; i < bytes.size(); i += chunk) {
        p.feed(bytes.mid(i, chunk));
        for (;;) {
            auto r = p.next();
            if (!r) {
                if (error) *error = r.error().message;
                return out;
            }
            if (!r.value())
                break;
            out << r.value()->dump();
        }
    }
    return out;
}
} // namespace

class TestImapParser : public QObject {
    Q_OBJECT
private slots:
    void responses_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QByteArray>("dump");
        QTest::newRow("greeting with capabilities") << QByteArray("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] Dovecot ready.\r\n")
                                                    << QByteArray("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] :Dovecot ready.");
        QTest::newRow("tagged OK with code") << QByteArray("t5 OK [APPENDUID 38505 3955] APPEND completed\r\n")
                                             << QByteArray("t5 OK [APPENDUID 38505 3955] :APPEND completed");
        QTest::newRow("tagged NO") << QByteArray("a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n")
                                   << QByteArray("a1 NO [AUTHENTICATIONFAILED] :Authentication failed.");
        QTest::newRow("lower-case status") << QByteArray("a2 ok done\r\n") << QByteArray("a2 OK :done");
        QTest::newRow("capability data") << QByteArray("* CAPABILITY IMAP4rev1 IDLE\r\n") << QByteArray("* CAPABILITY IMAP4rev1 IDLE");
        QTest::newRow("exists") << QByteArray("* 172 EXISTS\r\n") << QByteArray("* 172 EXISTS");
        QTest::newRow("list quoted") << QByteArray("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Items\"\r\n")
                                     << QByteArray("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Items\"");
        QTest::newRow("list NIL delimiter, atom name") << QByteArray("* LIST () NIL INBOX\r\n") << QByteArray("* LIST () NIL INBOX");
        QTest::newRow("quoted escapes") << QByteArray("* LIST () \"/\" \"a\\\"b\\\\c\"\r\n") << QByteArray("* LIST () \"/\" \"a\"b\\c\"");
        QTest::newRow("literal mailbox name") << QByteArray("* LIST () \"/\" {11}\r\nodd\r\nname )\r\n")
                                              << QByteArray("* LIST () \"/\" \"odd\r\nname )\"");
        QTest::newRow("fetch with literal body") << QByteArray("* 3 FETCH (UID 9 FLAGS (\\Seen) BODY[] {14}\r\nSubject: x\r\n\r\n)\r\n")
                                                 << QByteArray("* 3 FETCH (UID 9 FLAGS (\\Seen) BODY[] \"Subject: x\r\n\r\n\")");
        QTest::newRow("section with a list inside brackets") << QByteArray("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {4}\r\nab\r\n)\r\n")
                                                             << QByteArray("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] \"ab\r\n\")");
        QTest::newRow("non-synchronizing literal") << QByteArray("* 1 FETCH (BODY[] {2+}\r\nhi)\r\n") << QByteArray("* 1 FETCH (BODY[] \"hi\")");
        QTest::newRow("continuation") << QByteArray("+ Ready for literal data\r\n") << QByteArray("+ :Ready for literal data");
        QTest::newRow("empty continuation") << QByteArray("+\r\n") << QByteArray("+");
        QTest::newRow("search") << QByteArray("* SEARCH 2 84 882\r\n") << QByteArray("* SEARCH 2 84 882");
        QTest::newRow("bye") << QByteArray("* BYE Logging out\r\n") << QByteArray("* BYE :Logging out");
    }
    void responses()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QByteArray, dump);
        QString error;
        const auto all = parseAll(wire, 1 << 20, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(all, QList<QByteArray>{dump});
        // Byte by byte gives the same: literals and lines may split anywhere.
        QCOMPARE(parseAll(wire, 1), QList<QByteArray>{dump});
    }

    void hostileInputIsACleanError_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("reason");
        QTest::newRow("4 GB literal") << QByteArray("* 1 FETCH (BODY[] {4294967295}\r\n") << "literal of 4294967295 bytes";
        QTest::newRow("tagged garbage status") << QByteArray("a1 MAYBE fine\r\n") << "status 'MAYBE'";
        QTest::newRow("unterminated list") << QByteArray("* LIST (\\Noselect \"/\" x\r\n") << "unterminated list";
        QTest::newRow("unterminated string") << QByteArray("* LIST () \"/\" \"abc\r\n") << "unterminated quoted";
        QTest::newRow("nesting bomb") << QByteArray("* X ") + QByteArray(100, '(') + QByteArray(100, ')') + "\r\n" << "nested deeper";
        QTest::newRow("endless line") << QByteArray(2 * 1024 * 1024, 'a') << "longer than";
        QTest::newRow("empty line") << QByteArray("\r\n") << "empty response";
        QTest::newRow("no keyword") << QByteArray("* \r\n") << "without a keyword";
        // Found by fuzz_bodystructure: each made a million empty tokens (some 200 MB, seconds) before failing.
        QTest::newRow("stray close paren") << QByteArray("* 1 FETCH (UID 1) )\r\n") << "unexpected ')'";
        QTest::newRow("literal reference without end") << QByteArray("* 1 FETCH {#0\r\n") << "literal reference";
    }
    void hostileInputIsACleanError()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QString, reason);
        QString error;
        parseAll(wire, 4096, &error);
        QVERIFY2(error.contains(reason), qPrintable(error));
    }

    void sequenceSets()
    {

        // Parsed without expanding, merged, "*" as given, reversed ranges accepted (RFC 9051 §9).
        auto s = SequenceSet::parse("7,1:3,4,9:*,12:10", 20);
        QVERIFY(s.ok());
        QCOMPARE(s.value().toString(), QByteArray("1:4,7,9:20"));
        QCOMPARE(s.value().count(), 17);
        QVERIFY(s.value().contains(4) && !s.value().contains(5) && s.value().contains(20) && !s.value().contains(21));
        auto huge = SequenceSet::parse("1:4294967295");
        QVERIFY(huge.ok());
        QCOMPARE(huge.value().count(), SequenceSet::kMax);   // one range, not four billion numbers
        for (const char *bad : {"", "0", "1:", "a", "1,,2", "4294967296", "-1", "1:2:3"})
            QVERIFY2(!SequenceSet::parse(bad).ok(), bad);
        QVERIFY(!SequenceSet::parse("1,2,3,4,5", SequenceSet::kMax, 4).ok());   // bounded count of ranges
        QCOMPARE(SequenceSet::fromList({5, 3, 4, 9, 1, 9}).toString(), QByteArray("1,3:5,9"));
        const auto parts = SequenceSet::fromList({1, 2, 3, 4, 5, 8, 9}).split(3);
        QCOMPARE(parts.size(), 3);
        QCOMPARE(parts.at(0).toString(), QByteArray("1:3"));
        QCOMPARE(parts.at(1).toString(), QByteArray("4:5,8"));
        QCOMPARE(parts.at(2).toString(), QByteArray("9"));
    }

    void tokensRoundTripAsImap()
    {
        // BODYSTRUCTURE is stored as IMAP text and must parse back to the same tree.
        const QByteArray line = "* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"NAME\" \"a \\\"q\\\" b\") NIL NIL \"7BIT\" 3 1) \"MIXED\"))";
        auto r = ResponseParser::parse(line, {}, {});
        QVERIFY(r.ok());
        const Token bs = r.value().tokens.first().items.at(1);
        auto again = ResponseParser::parse("* 1 FETCH (BODYSTRUCTURE " + bs.toImap() + ')', {}, {});
        QVERIFY(again.ok());
        QCOMPARE(again.value().tokens.first().items.at(1).toImap(), bs.toImap());
        QCOMPARE(bs.items.first().items.at(2).items.at(1).text, QByteArray("a \"q\" b"));
    }

    void bodyStructureCanBeKeptAsText()
    {
        ResponseParser::Limits raw;
        raw.rawBodyStructure = true;
        const QByteArray bs = "(\"TEXT\" \"PLAIN\" (\"NAME\" \"a (b) \\\"c\\\"\") NIL NIL \"7BIT\" 3 1)";
        auto r = ResponseParser::parse("* 1 FETCH (UID 5 BODYSTRUCTURE " + bs + " FLAGS (\\Seen))", {}, raw);
        QVERIFY(r.ok());
        const auto &items = r.value().tokens.first().items;
        QCOMPARE(items.size(), 6);
        QCOMPARE(items.at(3).kind, Token::Kind::Atom);
        QCOMPARE(items.at(3).text, bs);                       // as sent, parentheses inside quotes respected
        QCOMPARE(items.at(5).items.first().text, QByteArray("\\Seen"));
        // Parsed later, it is the same tree.
        auto tree = ResponseParser::parse("* 1 FETCH (BODYSTRUCTURE " + items.at(3).text + ')', {}, {});
        QVERIFY(tree.ok());
        QCOMPARE(tree.value().tokens.first().items.at(1).kind, Token::Kind::List);
        // A literal inside: the tree is built the usual way.
        auto lit = ResponseParser::parse("* 1 FETCH (BODYSTRUCTURE (\"TEXT\" {#0} NIL NIL NIL \"7BIT\" 3 1))", {"PLAIN"}, raw);
        QVERIFY(lit.ok());
        QCOMPARE(lit.value().tokens.first().items.at(1).kind, Token::Kind::List);
        QVERIFY(!ResponseParser::parse("* 1 FETCH (BODYSTRUCTURE (\"TEXT\" (", {}, raw).ok());
    }

    void responsesAfterALiteralKeepTheirOrder()
    {
        const QByteArray wire = "* 1 FETCH (BODY[] {3}\r\nabc)\r\n* 2 EXISTS\r\nt1 OK done\r\n";
        QCOMPARE(parseAll(wire, 5), (QList<QByteArray>{"* 1 FETCH (BODY[] \"abc\")", "* 2 EXISTS", "t1 OK :done"}));
    }
};

QTEST_GUILESS_MAIN(TestImapParser)
#include "tst_imap_parser.moc"

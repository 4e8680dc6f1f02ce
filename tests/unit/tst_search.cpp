// Full-text search over the cache: the index (FTS5) follows mail as it
// arrives, changes and leaves; the query language finds what a reader means
// in a known corpus; hostile queries are clean errors.
#include "search/SearchIndex.h"
#include "search/SearchQuery.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QProcess>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "TestPaths.h"

using namespace tern;
using namespace tern::search;

namespace {

QByteArray message(const QByteArray &headers, const QByteArray &body)
{
    return headers + "MIME-Version: 1.0\r\n\r\n" + body;
}

// The corpus: each message says what it is in its Message-ID's local part.
const QList<std::pair<QByteArray, QByteArray>> &corpus()
{
    static const QList<std::pair<QByteArray, QByteArray>> all = {
        {"INBOX", message("From: Alice Archer <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: Quarterly budget review\r\n"
                          "Date: Mon, 04 Mar 2024 10:00:00 +0000\r\nMessage-ID: <budget@x>\r\nContent-Type: text/plain; charset=utf-8\r\n",
                          "Please look at the spreadsheet before Thursday.\r\n")},
        {"INBOX", message("From: =?UTF-8?Q?Ren=C3=A9e_Fran=C3=A7ois?= <renee@example.fr>\r\nTo: bob@example.net\r\nCc: Carol <carol@example.com>\r\n"
                          "Subject: =?ISO-8859-1?Q?Caf=E9_=E0_midi?=\r\nDate: Tue, 05 Mar 2024 12:00:00 +0100\r\nMessage-ID: <cafe@x>\r\n"
                          "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n",
                          "On se retrouve au caf=E9 pr=E8s de la gare.\r\n")},
        {"INBOX", message("From: Newsletter <news@shop.example>\r\nTo: bob@example.net\r\nSubject: Spring sale\r\n"
                          "Date: Fri, 01 Mar 2024 08:00:00 +0000\r\nMessage-ID: <html@x>\r\nList-Id: Shop News <news.shop.example>\r\n"
                          "Content-Type: text/html; charset=utf-8\r\n",
                          "<html><head><style>p{color:red}</style><script>var hidden='scriptword';</script></head>"
                          "<body><p>Huge <b>discounts</b> on gardening&nbsp;tools</p></body></html>\r\n")},
        {"Archive", message("From: Bob <bob@example.net>\r\nTo: Alice <alice@example.org>\r\nSubject: Holiday photos\r\n"
                            "Date: Sat, 10 Feb 2024 09:00:00 +0000\r\nMessage-ID: <photos@x>\r\n"
                            "Content-Type: multipart/mixed; boundary=\"b\"\r\n",
                            "--b\r\nContent-Type: text/plain\r\n\r\nThe pictures from the mountains.\r\n"
                            "--b\r\nContent-Type: image/jpeg; name=\"summit.jpg\"\r\nContent-Disposition: attachment; filename=\"summit.jpg\"\r\n"
                            "Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQSkZJRgABAQ==\r\n--b--\r\n")},
        {"INBOX", message("From: Dave <dave@example.org>\r\nTo: bob@example.net\r\nSubject: Secret plans\r\n"
                          "Date: Wed, 06 Mar 2024 10:00:00 +0000\r\nMessage-ID: <encrypted@x>\r\n"
                          "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"e\"\r\n",
                          "--e\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n"
                          "--e\r\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\r\n\r\n"
                          "-----BEGIN PGP MESSAGE-----\r\nhQEMA0xyzzyplugh\r\n-----END PGP MESSAGE-----\r\n--e--\r\n")},
        {"INBOX", message("From: Alice Archer <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: Lunch\r\n"
                          "Date: Thu, 07 Mar 2024 11:00:00 +0000\r\nMessage-ID: <lunch@x>\r\nContent-Type: text/plain\r\n",
                          "About the budget: it can wait. Lunch at noon?\r\n")},
    };
    return all;
}

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<store::Database> db;
    QMap<QByteArray, qint64> ids;   // Message-ID local part -> messages.id

    Fixture()
    {
        auto d = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        if (!d)
            qFatal("%s", qPrintable(d.error().message));
        db = std::move(d.value());
        store::MessageStore ms(*db);
        for (const auto &[folder, raw] : corpus()) {
            auto id = ms.insert(QStringLiteral("acct"), QString::fromLatin1(folder), raw,
                                raw.contains("<lunch@x>") ? QStringLiteral("\\Seen \\Flagged") : QString());
            if (!id)
                qFatal("%s", qPrintable(id.error().message));
            const qsizetype at = raw.indexOf("Message-ID: <") + 13;
            ids.insert(raw.mid(at, raw.indexOf('@', at) - at), id.value());
        }
    }

    // The Message-ID local parts a query finds, in the order found.
    QList<QByteArray> find(const QString &query, Order order = Order::Newest)
    {
        SearchOptions o;
        o.order = order;
        auto hits = runSearch(*db, query, o);
        if (!hits) {
            qWarning("query %s: %s", qPrintable(query), qPrintable(hits.error().message));
            return {QByteArray("error")};
        }
        QList<QByteArray> out;
        for (const SearchHit &h : hits.value())
            out << ids.key(h.id, "?");
        return out;
    }
    QSet<QByteArray> set(const QString &query) { const auto l = find(query); return QSet<QByteArray>(l.begin(), l.end()); }
};

QSet<QByteArray> S(std::initializer_list<const char *> names)
{
    QSet<QByteArray> out;
    for (const char *n : names)
        out << QByteArray(n);
    return out;
}

} // namespace

class TestSearch : public QObject {
    Q_OBJECT
private slots:
    void newMailWaitsForTheIndexThenIsFound()
    {
        Fixture f;
        SearchIndex index(*f.db);
        QCOMPARE(index.pending().value(), qint64(corpus().size()));
        QCOMPARE(f.find(QStringLiteral("spreadsheet")), QList<QByteArray>());   // not indexed yet
        QCOMPARE(index.indexPending().value(), qint64(corpus().size()));
        QCOMPARE(index.pending().value(), qint64(0));
        QCOMPARE(f.find(QStringLiteral("spreadsheet")), QList<QByteArray>{"budget"});
    }

    // New messages wait above a mark, not in a queue written per row (schema 11).
    // When the newest message goes, SQLite gives its id to the next one: that one
    // is new to the index too, and the old one's words are gone.
    void aReusedIdIsIndexedAgain()
    {
        Fixture f;
        SearchIndex index(*f.db);
        QVERIFY(index.indexPending().ok());
        auto top = f.db->exec(QStringLiteral("SELECT max(id) FROM messages"));
        QVERIFY(top && top.value().next());
        const qint64 last = top.value().value(0).toLongLong();
        QVERIFY(f.db->exec(QStringLiteral("DELETE FROM messages WHERE id = ?"), {last}).ok());
        store::MessageStore ms(*f.db);
        auto id = ms.insert(QStringLiteral("acct"), QStringLiteral("INBOX"),
                            message("From: Zed <zed@example.org>\r\nSubject: Kumquat harvest\r\nMessage-ID: <kumquat@x>\r\n", "Crates of kumquats.\r\n"));
        QVERIFY(id);
        QCOMPARE(id.value(), last);   // the id came back
        QCOMPARE(index.pending().value(), qint64(1));
        QCOMPARE(index.indexPending().value(), qint64(1));
        QCOMPARE(index.pending().value(), qint64(0));
        auto hits = runSearch(*f.db, QStringLiteral("kumquats"));
        QVERIFY(hits && hits.value().size() == 1);
        QCOMPARE(hits.value().first().id, last);
        // A body arriving later for an indexed message queues it again.
        QVERIFY(f.db->exec(QStringLiteral("INSERT OR REPLACE INTO bodies (message_id, raw) SELECT id, 'Subject: x\r\n\r\nlychee' FROM messages WHERE id = ?"),
                           {f.ids.value("budget")}).ok());
        QCOMPARE(index.pending().value(), qint64(1));
        // tern index --rebuild: every message is new again.
        QVERIFY(index.rebuild().ok());
        QCOMPARE(index.pending().value(), qint64(corpus().size()));   // one went, one came
    }

    // A cache of schema 10 had its new messages queued by a trigger: after the
    // migration they are still found, and new ones are.
    void newMessagesOfAnOlderCacheAreStillIndexed()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("old.sqlite"));
        {
            auto old = store::Database::open(file, 10);
            QVERIFY(old);
            store::MessageStore ms(*old.value());
            QVERIFY(ms.insert(QStringLiteral("acct"), QStringLiteral("INBOX"),
                              message("From: a@example.org\r\nSubject: Persimmon\r\nMessage-ID: <p@x>\r\n", "ripe\r\n")));
        }
        auto db = store::Database::open(file);
        QVERIFY(db);
        store::MessageStore ms(*db.value());
        QVERIFY(ms.insert(QStringLiteral("acct"), QStringLiteral("INBOX"),
                          message("From: a@example.org\r\nSubject: Quince\r\nMessage-ID: <q@x>\r\n", "hard\r\n")));
        SearchIndex index(*db.value());
        QCOMPARE(index.pending().value(), qint64(2));
        QCOMPARE(index.indexPending().value(), qint64(2));
        QCOMPARE(runSearch(*db.value(), QStringLiteral("persimmon")).value().size(), 1);
        QCOMPARE(runSearch(*db.value(), QStringLiteral("quince")).value().size(), 1);
    }

    void wordsAreFoundWhereverAndHoweverTheyWereEncoded()
    {
        Fixture f;
        QVERIFY(SearchIndex(*f.db).indexPending().ok());
        // RFC 2047 subject in Latin-1, a quoted-printable Latin-1 body; accents optional.
        QCOMPARE(f.set(QStringLiteral("subject:café")), S({"cafe"}));
        QCOMPARE(f.set(QStringLiteral("subject:cafe")), S({"cafe"}));
        QCOMPARE(f.set(QStringLiteral("près gare")), S({"cafe"}));
        QCOMPARE(f.set(QStringLiteral("from:renée")), S({"cafe"}));
        QCOMPARE(f.set(QStringLiteral("from:francois")), S({"cafe"}));
        // HTML reduced to the text it shows: no markup, style or script words.
        QCOMPARE(f.set(QStringLiteral("discounts gardening")), S({"html"}));
        QCOMPARE(f.set(QStringLiteral("scriptword")), S({}));
        QCOMPARE(f.set(QStringLiteral("color")), S({}));
        // Addresses and names, in their fields.
        QCOMPARE(f.set(QStringLiteral("from:alice@example.org")), S({"budget", "lunch"}));
        QCOMPARE(f.set(QStringLiteral("to:alice")), S({"photos"}));
        QCOMPARE(f.set(QStringLiteral("to:carol")), S({"cafe"}));   // to: is To and Cc
        QCOMPARE(f.set(QStringLiteral("cc:carol")), S({"cafe"}));
        QCOMPARE(f.set(QStringLiteral("cc:bob")), S({}));
        // Attachment names, and the list.
        QCOMPARE(f.set(QStringLiteral("attachment:summit")), S({"photos"}));
        QCOMPARE(f.set(QStringLiteral("summit.jpg")), S({"photos"}));
        QCOMPARE(f.set(QStringLiteral("list:news.shop.example")), S({"html"}));
        QCOMPARE(f.set(QStringLiteral("list:\"shop news\"")), S({"html"}));
        // Prefixes and phrases.
        QCOMPARE(f.set(QStringLiteral("spread*")), S({"budget"}));
        QCOMPARE(f.set(QStringLiteral("\"budget review\"")), S({"budget"}));
        QCOMPARE(f.set(QStringLiteral("\"review budget\"")), S({}));
        QCOMPARE(f.set(QStringLiteral("body:budget")), S({"lunch"}));
        QCOMPARE(f.set(QStringLiteral("subject:budget")), S({"budget"}));
    }

    void encryptedTextIsNotIndexedButTheMessageIsKnownEncrypted()
    {
        Fixture f;
        QVERIFY(SearchIndex(*f.db).indexPending().ok());
        QCOMPARE(f.set(QStringLiteral("hQEMA0xyzzyplugh")), S({}));
        QCOMPARE(f.set(QStringLiteral("is:encrypted")), S({"encrypted"}));
        QCOMPARE(f.set(QStringLiteral("subject:secret")), S({"encrypted"}));   // the envelope is not secret
        QCOMPARE(f.set(QStringLiteral("has:attachment")), S({"photos"}));      // ciphertext is no attachment
    }

    void filtersAndBooleans()
    {
        Fixture f;
        QVERIFY(SearchIndex(*f.db).indexPending().ok());
        QCOMPARE(f.set(QStringLiteral("is:unread")), S({"budget", "cafe", "html", "photos", "encrypted"}));
        QCOMPARE(f.set(QStringLiteral("is:read")), S({"lunch"}));
        QCOMPARE(f.set(QStringLiteral("is:flagged")), S({"lunch"}));
        QCOMPARE(f.set(QStringLiteral("folder:archive")), S({"photos"}));
        QCOMPARE(f.set(QStringLiteral("folder:INBOX budget")), S({"budget", "lunch"}));
        QCOMPARE(f.set(QStringLiteral("budget is:unread")), S({"budget"}));
        QCOMPARE(f.set(QStringLiteral("budget AND NOT is:unread")), S({"lunch"}));
        QCOMPARE(f.set(QStringLiteral("budget -lunch")), S({"budget"}));
        QCOMPARE(f.set(QStringLiteral("budget NOT lunch")), S({"budget"}));
        QCOMPARE(f.set(QStringLiteral("photos OR discounts")), S({"photos", "html"}));
        QCOMPARE(f.set(QStringLiteral("is:flagged OR attachment:summit")), S({"lunch", "photos"}));
        QCOMPARE(f.set(QStringLiteral("(spreadsheet OR mountains) folder:Archive")), S({"photos"}));
        QCOMPARE(f.set(QStringLiteral("NOT folder:INBOX")), S({"photos"}));
        QCOMPARE(f.set(QStringLiteral("-is:unread")), S({"lunch"}));
        QCOMPARE(f.set(QStringLiteral("account:acct has:attachment")), S({"photos"}));
        QCOMPARE(f.set(QStringLiteral("account:other")), S({}));
        // AND binds tighter than OR.
        QCOMPARE(f.set(QStringLiteral("photos OR budget is:read")), S({"photos", "lunch"}));
    }

    // Queries over words, attachments, flags of the index and dates are answered
    // from the index and its facts alone, the others read the message rows: the
    // two ways find the same messages in the same order (--account forces rows).
    void theIndexAloneFindsWhatTheRowsFind()
    {
        Fixture f;
        QVERIFY(SearchIndex(*f.db).indexPending().ok());
        const QList<QPair<QString, bool>> cases{
            {QStringLiteral("budget"), false},
            {QStringLiteral("budget -lunch"), false},
            {QStringLiteral("photos OR discounts"), false},
            {QStringLiteral("has:attachment"), false},
            {QStringLiteral("after:2024-03-05 before:2024-03-07"), false},
            {QStringLiteral("is:encrypted OR has:attachment"), false},
            {QStringLiteral("from:alice after:2024-01"), false},
            {QStringLiteral("is:unread"), true},
            {QStringLiteral("budget is:unread"), true},
            {QStringLiteral("folder:INBOX budget"), true},
            {QStringLiteral("is:flagged OR attachment:summit"), true},
            {QStringLiteral("NOT folder:INBOX"), true},
        };
        for (const auto &[query, rows] : cases) {
            auto c = compileQuery(query);
            QVERIFY(c.ok());
            QVERIFY2(c.value().needsRow == rows, qPrintable(query));
            for (Order order : {Order::Newest, Order::Oldest, Order::Relevance}) {
                SearchOptions narrow, wide;
                narrow.order = wide.order = order;
                wide.account = QStringLiteral("acct");
                auto a = runSearch(*f.db, query, narrow), b = runSearch(*f.db, query, wide);
                QVERIFY(a.ok() && b.ok());
                QList<qint64> ia, ib;
                for (const SearchHit &h : a.value())
                    ia << h.id;
                for (const SearchHit &h : b.value())
                    ib << h.id;
                QVERIFY2(!ia.isEmpty(), qPrintable(query));
                QCOMPARE(ia, ib);
            }
        }
        // Snippets only when asked for (tern search prints none, --json does).
        SearchOptions plain;
        plain.snippets = false;
        auto hits = runSearch(*f.db, QStringLiteral("mountains"), plain);
        QVERIFY(hits.ok() && hits.value().size() == 1);
        QVERIFY(hits.value().first().snippet.isEmpty());
        QVERIFY(runSearch(*f.db, QStringLiteral("mountains")).value().first().snippet.contains(QLatin1String("[mountains]")));
    }

    void datesBeforeAndAfter()
    {
        Fixture f;
        QVERIFY(SearchIndex(*f.db).indexPending().ok());
        // The Date header, in the local zone: the café mail is 11:00 UTC on 5 March.
        QCOMPARE(f.set(QStringLiteral("before:2024-03")), S({"photos"}));
        QCOMPARE(f.set(QStringLiteral("after:2024-03-05 before:2024-03-07")), S({"cafe", "encrypted"}));
        QCOMPARE(f.set(QStringLiteral("after:2024-03-07")), S({"lunch"}));
        QCOMPARE(f.set(QStringLiteral("after:2025")), S({}));
        QCOMPARE(f.find(QStringLiteral("from:alice"), Order::Newest), (QList<QByteArray>{"lunch", "budget"}));
        QCOMPARE(f.find(QStringLiteral("from:alice"), Order::Oldest), (QList<QByteArray>{"budget", "lunch"}));
        auto c = compileQuery(QStringLiteral("after:7d"), QDateTime(QDate(2024, 3, 10), QTime(15, 0)));
        QVERIFY(c.ok());
        QCOMPARE(c.value().whereBinds.value(0).toLongLong(), QDateTime(QDate(2024, 3, 3), QTime(0, 0)).toSecsSinceEpoch());
    }

    void relevanceRanksTheSubjectAboveABodyMention()
    {
        Fixture f;
        QVERIFY(SearchIndex(*f.db).indexPending().ok());
        // "budget" is the subject of one and a word in the body of the (newer) other.
        QCOMPARE(f.find(QStringLiteral("budget"), Order::Relevance), (QList<QByteArray>{"budget", "lunch"}));
        QCOMPARE(f.find(QStringLiteral("budget"), Order::Newest), (QList<QByteArray>{"lunch", "budget"}));
        auto hits = runSearch(*f.db, QStringLiteral("mountains"));
        QVERIFY(hits.ok());
        QCOMPARE(hits.value().size(), 1);
        QVERIFY2(hits.value().first().snippet.contains(QLatin1String("[mountains]")), qPrintable(hits.value().first().snippet));
        QCOMPARE(hits.value().first().folder, QStringLiteral("Archive"));
        QCOMPARE(hits.value().first().subject, QStringLiteral("Holiday photos"));
    }

    void theIndexFollowsMovesFlagsAndDeletes()
    {
        Fixture f;
        SearchIndex index(*f.db);
        QVERIFY(index.indexPending().ok());
        store::MessageStore ms(*f.db);
        QVERIFY(ms.move(f.ids.value("budget"), QStringLiteral("acct"), QStringLiteral("Archive")).ok());
        QVERIFY(f.db->exec(QStringLiteral("UPDATE messages SET flags = '\\Seen' WHERE id = ?"), {f.ids.value("cafe")}).ok());
        QCOMPARE(index.pending().value(), qint64(0));   // nothing to decode again
        QCOMPARE(f.set(QStringLiteral("folder:Archive")), S({"photos", "budget"}));
        QCOMPARE(f.set(QStringLiteral("is:read")), S({"lunch", "cafe"}));
        QVERIFY(ms.remove(f.ids.value("photos")).ok());
        QCOMPARE(f.set(QStringLiteral("mountains")), S({}));
        auto rows = f.db->exec(QStringLiteral("SELECT count(*) FROM search_text"));
        QVERIFY(rows.ok() && rows.value().next());
        QCOMPARE(rows.value().value(0).toInt(), corpus().size() - 1);
        // A whole folder going (its mailbox row deleted): its words go with it.
        QVERIFY(f.db->exec(QStringLiteral("DELETE FROM mailboxes WHERE name = 'Archive'")).ok());
        QCOMPARE(f.set(QStringLiteral("spreadsheet")), S({}));
        rows = f.db->exec(QStringLiteral("SELECT count(*) FROM search_text"));
        QVERIFY(rows.ok() && rows.value().next());
        QCOMPARE(rows.value().value(0).toInt(), corpus().size() - 2);
    }

    void aHeadersOnlyMessageIsFoundByItsHeadersThenByItsBodyWhenItArrives()
    {
        Fixture f;
        SearchIndex index(*f.db);
        QVERIFY(index.indexPending().ok());
        // As an online IMAP account caches it: envelope and BODYSTRUCTURE, no body.
        auto box = store::MessageStore(*f.db).ensureMailbox(QStringLiteral("acct"), QStringLiteral("INBOX"));
        QVERIFY(box.ok());
        const QString bs = QStringLiteral(
            "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 40 2 NIL NIL NIL NIL)"
            "(\"application\" \"pdf\" (\"name\" \"invoice-2024.pdf\") NIL NIL \"base64\" 1000 NIL (\"attachment\" (\"filename\" \"invoice-2024.pdf\")) NIL NIL) "
            "\"mixed\" (\"boundary\" \"x\") NIL NIL NIL)");
        auto ins = f.db->exec(QStringLiteral("INSERT INTO messages (mailbox_id, uid, flags, size, received_at, date_header, subject, from_header, "
                                             "to_header, bodystructure) VALUES (?, 77, '', 2000, 1709800000, ?, ?, ?, ?, ?)"),
                              {box.value(), QStringLiteral("Thu, 07 Mar 2024 09:00:00 +0000"), QStringLiteral("Your invoice"),
                               QStringLiteral("Billing <billing@vendor.example>"), QStringLiteral("bob@example.net"), bs});
        QVERIFY(ins.ok());
        const qint64 id = ins.value().lastInsertId().toLongLong();
        QCOMPARE(index.indexPending().value(), qint64(1));
        SearchOptions o;
        auto hits = runSearch(*f.db, QStringLiteral("from:billing has:attachment attachment:invoice"), o);
        QVERIFY(hits.ok());
        QCOMPARE(hits.value().size(), 1);
        QCOMPARE(hits.value().first().bodyCached, false);
        QVERIFY(runSearch(*f.db, QStringLiteral("overdue")).value().isEmpty());
        // The text part is fetched (BODY.PEEK[1]): queued again, and its words found.
        QVERIFY(f.db->exec(QStringLiteral("INSERT INTO parts (message_id, section, raw) VALUES (?, '1', ?)"),
                           {id, QByteArray("Payment is overdue =E2=80=94 please pay.\r\n")}).ok());
        QCOMPARE(index.pending().value(), qint64(1));
        QVERIFY(index.indexPending().ok());
        QCOMPARE(runSearch(*f.db, QStringLiteral("overdue")).value().size(), 1);
        // Then the whole body: indexed once more, from the body.
        QVERIFY(f.db->exec(QStringLiteral("INSERT INTO bodies (message_id, raw) VALUES (?, ?)"),
                           {id, message("From: billing@vendor.example\r\nSubject: Your invoice\r\nContent-Type: text/plain\r\n",
                                        "Reminder: remittance due.\r\n")}).ok());
        QVERIFY(index.indexPending().ok());
        QCOMPARE(runSearch(*f.db, QStringLiteral("remittance")).value().size(), 1);
        QCOMPARE(runSearch(*f.db, QStringLiteral("remittance")).value().first().bodyCached, true);
    }

    void hostileQueriesAreCleanErrorsOrWords_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("valid");
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("blank") << QStringLiteral("   ") << false;
        QTest::newRow("open paren") << QStringLiteral("(budget") << false;
        QTest::newRow("close paren") << QStringLiteral("budget)") << false;
        QTest::newRow("dangling OR") << QStringLiteral("budget OR") << false;
        QTest::newRow("lone NOT") << QStringLiteral("NOT") << false;
        QTest::newRow("unknown is") << QStringLiteral("is:sparkly") << false;
        QTest::newRow("unknown has") << QStringLiteral("has:cats") << false;
        QTest::newRow("bad date") << QStringLiteral("before:2024-13-45") << false;
        QTest::newRow("punctuation only") << QStringLiteral("+++") << false;
        QTest::newRow("too long") << QString(5000, QLatin1Char('a')) << false;
        QTest::newRow("too many terms") << QStringLiteral("w ").repeated(65) << false;
        QTest::newRow("too deep") << QString(17, QLatin1Char('(')) + QStringLiteral("x") + QString(17, QLatin1Char(')')) << false;
        // FTS5 syntax the user did not mean: searched as words, never an FTS5 error.
        QTest::newRow("fts near") << QStringLiteral("NEAR(budget review)") << true;
        QTest::newRow("fts column") << QStringLiteral("{body}:budget") << true;
        QTest::newRow("fts caret") << QStringLiteral("^budget") << true;
        QTest::newRow("quote inside") << QStringLiteral("bud\"get") << true;
        QTest::newRow("unterminated phrase") << QStringLiteral("\"budget review") << true;
        QTest::newRow("url") << QStringLiteral("https://example.org/x?a=1") << true;
        QTest::newRow("sql") << QStringLiteral("'; DROP TABLE messages; --") << true;
        QTest::newRow("lowercase or is a word") << QStringLiteral("budget or lunch") << true;
        QTest::newRow("deep but allowed") << QString(16, QLatin1Char('(')) + QStringLiteral("x") + QString(16, QLatin1Char(')')) << true;
    }
    void hostileQueriesAreCleanErrorsOrWords()
    {
        QFETCH(QString, query);
        QFETCH(bool, valid);
        Fixture f;
        QVERIFY(SearchIndex(*f.db).indexPending().ok());
        auto hits = runSearch(*f.db, query);
        QCOMPARE(hits.ok(), valid);
        if (!valid) {
            QCOMPARE(hits.error().code, Error::Code::InvalidInput);
            QVERIFY(!hits.error().message.isEmpty());
        }
        QVERIFY(f.db->exec(QStringLiteral("SELECT count(*) FROM messages")).ok());   // nothing dropped
        QCOMPARE(store::MessageStore(*f.db).count(QStringLiteral("acct"), QStringLiteral("INBOX")).value(), qint64(5));
    }

    void hostileMessagesAreBounded()
    {
        Fixture f;
        store::MessageStore ms(*f.db);
        // A body of 3 MB of words: indexed up to the bound, quickly.
        QByteArray big;
        for (int i = 0; big.size() < 3 * 1024 * 1024; ++i)
            big += "word" + QByteArray::number(i) + ' ';
        QVERIFY(ms.insert(QStringLiteral("acct"), QStringLiteral("INBOX"),
                          message("Subject: big\r\nMessage-ID: <big@x>\r\nContent-Type: text/plain\r\n", big + "\r\nlastword\r\n")).ok());
        // No header block at all, and binary junk.
        QVERIFY(ms.insert(QStringLiteral("acct"), QStringLiteral("INBOX"), QByteArray("\x00\x01\xff\xfe junk", 9)).ok());
        QVERIFY(SearchIndex(*f.db).indexPending().ok());
        QCOMPARE(SearchIndex(*f.db).pending().value(), qint64(0));
        QCOMPARE(runSearch(*f.db, QStringLiteral("word1")).value().size(), 1);
        QCOMPARE(runSearch(*f.db, QStringLiteral("lastword")).value().size(), 0);   // past MaxBodyChars
    }

    void savedSearches()
    {
        Fixture f;
        QVERIFY(saveSearch(*f.db, QStringLiteral("From Alice"), QStringLiteral("from:alice")).ok());
        QVERIFY(!saveSearch(*f.db, QStringLiteral("Broken"), QStringLiteral("(alice")).ok());
        QVERIFY(saveSearch(*f.db, QStringLiteral("From Alice"), QStringLiteral("from:alice is:unread")).ok());   // replaced
        const auto all = search::savedSearches(*f.db).value();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().query, QStringLiteral("from:alice is:unread"));
        QVERIFY(deleteSavedSearch(*f.db, QStringLiteral("From Alice")).ok());
        QVERIFY(!deleteSavedSearch(*f.db, QStringLiteral("From Alice")).ok());
    }

    void ternSearchCommand()
    {
        Fixture f;
        const QString profile = f.dir.path();
        // The cache is the profile's: <profile>/cache/cache.sqlite.
        QDir().mkpath(profile + QStringLiteral("/p/cache"));
        QVERIFY(f.db->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).ok());   // all of it in the file copied
        QVERIFY(QFile::copy(f.dir.filePath(QStringLiteral("cache.sqlite")), profile + QStringLiteral("/p/cache/cache.sqlite")));
        auto run = [&](const QStringList &args, int wantExit) {
            QProcess p;
            p.start(QStringLiteral(TERN_BIN_DIR "/tern"), QStringList{QStringLiteral("--profile"), profile + QStringLiteral("/p"), QStringLiteral("search")} + args);
            if (!p.waitForFinished(60000))
                return QByteArray("timeout");
            if (p.exitCode() != wantExit)
                qWarning("exit %d: %s", p.exitCode(), p.readAllStandardError().constData());
            return p.exitCode() == wantExit ? p.readAllStandardOutput() : QByteArray("wrong exit");
        };
        const QByteArray json = run({QStringLiteral("from:alice"), QStringLiteral("--json")}, 0);
        const QJsonArray arr = QJsonDocument::fromJson(json).array();
        QCOMPARE(arr.size(), 2);
        QCOMPARE(arr.at(0).toObject().value(QStringLiteral("subject")).toString(), QStringLiteral("Lunch"));
        QCOMPARE(arr.at(1).toObject().value(QStringLiteral("subject")).toString(), QStringLiteral("Quarterly budget review"));
        QCOMPARE(arr.at(0).toObject().value(QStringLiteral("folder")).toString(), QStringLiteral("INBOX"));
        const QJsonArray mountains = QJsonDocument::fromJson(run({QStringLiteral("mountains"), QStringLiteral("--json")}, 0)).array();
        QCOMPARE(mountains.size(), 1);
        QVERIFY(mountains.at(0).toObject().value(QStringLiteral("snippet")).toString().contains(QLatin1String("[mountains]")));
        const QByteArray text = run({QStringLiteral("subject:café")}, 0);
        QVERIFY2(text.contains("Café à midi") && text.contains("acct  INBOX"), text.constData());
        QCOMPARE(run({QStringLiteral("(unbalanced")}, 2), QByteArray());
        QVERIFY(run({QStringLiteral("--save"), QStringLiteral("alice"), QStringLiteral("from:alice")}, 0).contains("Lunch"));
        QVERIFY(run({QStringLiteral("--list-saved")}, 0).contains("alice\tfrom:alice"));
        QVERIFY(run({QStringLiteral("--saved"), QStringLiteral("alice")}, 0).contains("Quarterly budget review"));
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"

// Conversations as a reader sees them: JWZ threading over Message-ID,
// References and In-Reply-To, with hostile headers, and `tern list --threads`.
#include "TernProcess.h"
#include "store/Database.h"
#include "store/MessageStore.h"
#include "threads/FolderThreads.h"
#include "threads/MessageIds.h"
#include "threads/Threader.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace tern;
using namespace tern::threads;

namespace {

struct Mail {
    const char *name;       // also its Message-ID: <name@x>
    const char *refs;       // References, names separated by spaces
    const char *inReplyTo;  // a name or ""
    const char *subject = "";
};

QString idOf(const QByteArray &name)
{
    return QStringLiteral("<%1@x>").arg(QString::fromLatin1(name));
}

ThreadMessage toMessage(const Mail &m, qint64 id, qint64 date)
{
    ThreadMessage t;
    t.id = id;
    t.messageId = parseMessageId(idOf(m.name));
    QStringList refs;
    for (const QByteArray &r : QByteArray(m.refs).split(' '))
        if (!r.isEmpty())
            refs << idOf(r);
    t.parents = parentChain(refs.join(QLatin1Char(' ')), *m.inReplyTo ? idOf(m.inReplyTo) : QString(), t.messageId);
    t.date = date;
    t.subject = QString::fromUtf8(m.subject);
    return t;
}

// The forest as text: "a(b(d) c)" per thread, threads separated by " | ",
// a dummy as "*". Names come from `names` (message id -> name).
QString shape(const ThreadTree &t, const QHash<qint64, QString> &names)
{
    QString out;
    struct Walk {
        const ThreadTree &t;
        const QHash<qint64, QString> &names;
        QString &out;
        void node(int n)
        {
            const auto &x = t.nodes[size_t(n)];
            out += x.message ? names.value(x.message) : QStringLiteral("*");
            if (!x.childCount)
                return;
            out += QLatin1Char('(');
            for (int i = 0; i < x.childCount; ++i) {
                if (i)
                    out += QLatin1Char(' ');
                node(t.children[size_t(x.childBegin + i)]);
            }
            out += QLatin1Char(')');
        }
    } w{t, names, out};
    for (size_t i = 0; i < t.roots.size(); ++i) {
        if (i)
            out += QStringLiteral(" | ");
        w.node(t.roots[i]);
    }
    return out;
}

// Threads `mails` (message i gets id i + 1 and date i, whatever order they arrive in).
QString shapeOf(const QList<Mail> &mails, const QList<int> &arrival = {}, bool bySubject = false)
{
    Threader t;
    QHash<qint64, QString> names;
    QList<int> order = arrival;
    if (order.isEmpty())
        for (int i = 0; i < mails.size(); ++i)
            order << i;
    for (int i : order) {
        t.add(toMessage(mails.at(i), i + 1, 1000 + i));
        names.insert(i + 1, QString::fromLatin1(mails.at(i).name));
    }
    ThreadOptions o;
    o.groupBySubject = bySubject;
    o.newestThreadFirst = false;
    return shape(t.tree(o), names);
}

// Every message exactly once, subtree sizes and depths consistent.
void checkWellFormed(const ThreadTree &t, int messages)
{
    QSet<qint64> seen;
    int total = 0;
    for (size_t n = 0; n < t.nodes.size(); ++n) {
        const auto &x = t.nodes[n];
        if (x.message) {
            QVERIFY(!seen.contains(x.message));
            seen.insert(x.message);
        }
        int size = 1;
        for (int i = 0; i < x.childCount; ++i) {
            const auto &c = t.nodes[size_t(t.children[size_t(x.childBegin + i)])];
            QCOMPARE(c.parent, int(n));
            QCOMPARE(c.depth, x.depth + 1);
            QCOMPARE(c.row, i);
            size += c.size;
        }
        QCOMPARE(x.size, size);
    }
    for (int r : t.roots)
        total += t.nodes[size_t(r)].size;
    QCOMPARE(total, int(t.nodes.size()));
    QCOMPARE(seen.size(), messages);
}

} // namespace

// A profile with one POP3 account, "mine", made by `tern account add`.
static bool addPop3Account(const QString &profile)
{
    auto add = test::runTern({QStringLiteral("--profile"), profile, QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("mine"),
                              QStringLiteral("--pop3"), QStringLiteral("pop3s://me@127.0.0.1:9995"), QStringLiteral("--smtp"),
                              QStringLiteral("smtps://me@127.0.0.1:9465")});
    if (add.code != 0)
        qWarning("tern account add: %s", qPrintable(add.err));
    return add.code == 0;
}

class TestThreads : public QObject {
    Q_OBJECT
private slots:
    void messageIdsParsedRobustly_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QStringList>("ids");
        QTest::newRow("plain") << QStringLiteral("<a@x> <b@x>") << QStringList{QStringLiteral("a@x"), QStringLiteral("b@x")};
        QTest::newRow("folded, no spaces") << QStringLiteral("<a@x>\r\n\t<b@x><c@x>") << QStringList{QStringLiteral("a@x"), QStringLiteral("b@x"), QStringLiteral("c@x")};
        QTest::newRow("space inside folded") << QStringLiteral("<a\r\n @x>") << QStringList{QStringLiteral("a@x")};
        QTest::newRow("comment with brackets") << QStringLiteral("<a@x> (from \"Joe\" <joe@example.org>)") << QStringList{QStringLiteral("a@x")};
        QTest::newRow("quoted string") << QStringLiteral("\"<not@id>\" <a@x>") << QStringList{QStringLiteral("a@x")};
        QTest::newRow("nested comment") << QStringLiteral("(a (b <c@x>) d) <a@x>") << QStringList{QStringLiteral("a@x")};
        QTest::newRow("bare ids") << QStringLiteral("a@x, b@x") << QStringList{QStringLiteral("a@x"), QStringLiteral("b@x")};
        QTest::newRow("junk") << QStringLiteral("Message from Joe of Monday") << QStringList{};
        QTest::newRow("unclosed") << QStringLiteral("<a@x> <b@x") << QStringList{QStringLiteral("a@x")};
        QTest::newRow("double open") << QStringLiteral("<<a@x>") << QStringList{QStringLiteral("a@x")};
        QTest::newRow("empty brackets") << QStringLiteral("<> <a@x>") << QStringList{QStringLiteral("a@x")};
        QTest::newRow("unclosed comment") << QStringLiteral("<a@x> (oops <b@x>") << QStringList{QStringLiteral("a@x")};
    }
    void messageIdsParsedRobustly()
    {
        QFETCH(QString, field);
        QFETCH(QStringList, ids);
        QStringList got;
        for (const QByteArray &id : parseMessageIds(field))
            got << QString::fromUtf8(id);
        QCOMPARE(got, ids);
    }

    void parentChainBounded()
    {
        // In-Reply-To only, or stale References: the In-Reply-To id is the parent.
        QCOMPARE(parentChain(QString(), QStringLiteral("<p@x> (Joe's message of Monday)"), "m@x"), QList<QByteArray>{"p@x"});
        QCOMPARE(parentChain(QStringLiteral("<a@x> <b@x>"), QStringLiteral("<c@x>"), "m@x"), (QList<QByteArray>{"a@x", "b@x", "c@x"}));
        QCOMPARE(parentChain(QStringLiteral("<a@x> <b@x>"), QStringLiteral("<b@x>"), "m@x"), (QList<QByteArray>{"a@x", "b@x"}));
        // Itself and repeats dropped.
        QCOMPARE(parentChain(QStringLiteral("<a@x> <m@x> <b@x> <a@x>"), QString(), "m@x"), (QList<QByteArray>{"b@x", "a@x"}));
        // Thousands of references: the first and the newest 99 are kept.
        QString many;
        for (int i = 0; i < 5000; ++i)
            many += QStringLiteral("<r%1@x> ").arg(i);
        QElapsedTimer timer;
        timer.start();
        const QList<QByteArray> chain = parentChain(many, QString(), "m@x");
        QCOMPARE(chain.size(), kMaxReferences);
        QCOMPARE(chain.first(), QByteArray("r0@x"));
        QCOMPARE(chain.last(), QByteArray("r4999@x"));
        QCOMPARE(chain.at(1), QByteArray("r4901@x"));
        // One id of a megabyte: not an id (longer than a line may be).
        QCOMPARE(parseMessageIds(QLatin1Char('<') + QString(1 << 20, QLatin1Char('a')) + QStringLiteral("@x>")).size(), 0);
    }

    void simpleThread()
    {
        QCOMPARE(shapeOf({{"a", "", ""}, {"b", "a", "a"}, {"c", "a b", "b"}, {"d", "a", "a"}}), QStringLiteral("a(b(c) d)"));
    }

    void missingParents()
    {
        // Two replies to a message not here: a dummy holds them together.
        QCOMPARE(shapeOf({{"b", "a", "a"}, {"c", "a", "a"}}), QStringLiteral("*(b c)"));
        // One reply to a missing message: no dummy, it is the root.
        QCOMPARE(shapeOf({{"b", "a", "a"}}), QStringLiteral("b"));
        // The middle of a chain missing: the grandchild goes under the grandparent.
        QCOMPARE(shapeOf({{"a", "", ""}, {"c", "a b", "b"}}), QStringLiteral("a(c)"));
        // In-Reply-To only (no References).
        QCOMPARE(shapeOf({{"a", "", ""}, {"b", "", "a"}}), QStringLiteral("a(b)"));
        // Siblings whose parent is missing, under a present grandparent: promoted under it.
        QCOMPARE(shapeOf({{"a", "", ""}, {"c", "a b", ""}, {"d", "a b", ""}}), QStringLiteral("a(c d)"));
    }

    void loopsAreRefused()
    {
        // Each claims the other as parent.
        const QString two = shapeOf({{"a", "b", ""}, {"b", "a", ""}});
        QVERIFY2(two == QStringLiteral("b(a)") || two == QStringLiteral("a(b)"), qPrintable(two));
        // A three-message cycle, and a message that references itself.
        const QString three = shapeOf({{"a", "c", ""}, {"b", "a", ""}, {"c", "b", ""}});
        QCOMPARE(three.count(QLatin1Char('a')) + three.count(QLatin1Char('b')) + three.count(QLatin1Char('c')), 3);
        QCOMPARE(shapeOf({{"a", "a", "a"}}), QStringLiteral("a"));
        // References that loop within themselves.
        QCOMPARE(shapeOf({{"a", "", ""}, {"m", "a b a b", "b"}}), QStringLiteral("a(m)"));
        Threader t;
        t.add(toMessage({"a", "c", ""}, 1, 1));
        t.add(toMessage({"b", "a", ""}, 2, 2));
        t.add(toMessage({"c", "b", ""}, 3, 3));
        checkWellFormed(t.tree(), 3);
    }

    void outOfOrderArrivalGivesTheSameTree()
    {
        const QList<Mail> mails = {{"a", "", ""}, {"b", "a", "a"}, {"c", "a b", "b"}, {"d", "a", "a"}, {"e", "a d", "d"}, {"f", "x", "x"}};
        const QString expected = shapeOf(mails);
        QCOMPARE(expected, QStringLiteral("a(b(c) d(e)) | f"));
        QList<int> order = {0, 1, 2, 3, 4, 5};
        int permutations = 0;
        do {
            QCOMPARE(shapeOf(mails, order), expected);
            ++permutations;
        } while (std::next_permutation(order.begin(), order.end()));
        QCOMPARE(permutations, 720);
    }

    void duplicateMessageIds()
    {
        // The same id twice (a copy sent to the list and to me): both shown, the reply under the first.
        QCOMPARE(shapeOf({{"a", "", ""}, {"a", "", ""}, {"b", "a", "a"}}), QStringLiteral("a | a(b)"));
        Threader t;
        t.add(toMessage({"a", "", ""}, 1, 1));
        t.add(toMessage({"a", "", ""}, 2, 2));
        t.add(toMessage({"a", "a", "a"}, 3, 3));   // a duplicate that names itself as parent
        checkWellFormed(t.tree(), 3);
        // No Message-ID at all: each message on its own.
        Threader n;
        ThreadMessage m;
        m.id = 1;
        n.add(m);
        m.id = 2;
        n.add(m);
        QCOMPARE(int(n.tree().roots.size()), 2);
    }

    void subjectGroupingOffByDefault()
    {
        const QList<Mail> mails = {{"a", "", "", "Lunch?"}, {"b", "", "", "Re: Lunch?"}, {"c", "", "", "RE: [team] AW: lunch?"},
                                   {"d", "", "", "Hello"}, {"e", "", "", "Hello"}};
        QCOMPARE(shapeOf(mails), QStringLiteral("a | b | c | d | e"));
        // On: replies go under the original, two originals share a dummy.
        QCOMPARE(shapeOf(mails, {}, true), QStringLiteral("a(b c) | *(d e)"));
        // The reply arriving first changes nothing.
        QCOMPARE(shapeOf(mails, {2, 1, 0, 4, 3}, true), QStringLiteral("a(b c) | *(d e)"));
        bool reply = false;
        QCOMPARE(Threader::baseSubject(QStringLiteral("Re[2]: Re: SV:  The  Plan"), &reply), QStringLiteral("the plan"));
        QVERIFY(reply);
        QCOMPARE(Threader::baseSubject(QStringLiteral("Fwd: The plan"), &reply), QStringLiteral("fwd: the plan"));
        QVERIFY(!reply);
    }

    void hostileSizes()
    {
        // A chain 20,000 deep, each message naming only its parent, then one
        // message referencing 5,000 ids: no recursion, no quadratic walk.
        Threader t;
        const int depth = 20000;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < depth; ++i) {
            ThreadMessage m;
            m.id = i + 1;
            m.messageId = QByteArray("m") + QByteArray::number(i) + "@x";
            if (i)
                m.parents = {QByteArray("m") + QByteArray::number(i - 1) + "@x"};
            m.date = i;
            t.add(m);
        }
        QString many;
        for (int i = 0; i < 5000; ++i)
            many += QStringLiteral("<m%1@x> ").arg(i * 4);
        ThreadMessage wide;
        wide.id = depth + 1;
        wide.messageId = "wide@x";
        wide.parents = parentChain(many, QString(), wide.messageId);
        t.add(wide);
        const ThreadTree tree = t.tree();
        checkWellFormed(tree, depth + 1);
        QVERIFY(timer.elapsed() < 60000);   // a hang would time the test out; this only reports
        qInfo("20,000-deep chain and a 5,000-reference message threaded in %lld ms", timer.elapsed());
    }

    void folderThreadsFollowTheCache()
    {
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db);
        store::MessageStore messages(*db.value());
        const auto insert = [&](const QByteArray &id, const QByteArray &refs, qint64 when) {
            QByteArray raw = "Message-ID: <" + id + "@x>\r\nSubject: s\r\n";
            if (!refs.isEmpty())
                raw += "References: " + refs + "\r\nIn-Reply-To: " + refs.split(' ').last() + "\r\n";
            raw += "\r\nbody\r\n";
            auto r = messages.insert(QStringLiteral("acc"), QStringLiteral("INBOX"), raw, {}, QDateTime::fromSecsSinceEpoch(when));
            return r ? r.value() : 0;
        };
        const qint64 c = insert("c", "<a@x> <b@x>", 3);   // arrives before its parents
        FolderThreads folder(QStringLiteral("acc"), QStringLiteral("INBOX"));
        QCOMPARE(folder.refresh(*db.value()).value(), true);
        QCOMPARE(int(folder.tree().roots.size()), 1);
        const qint64 a = insert("a", "", 1);
        const qint64 b = insert("b", "<a@x>", 2);
        QCOMPARE(folder.refresh(*db.value()).value(), true);
        QVERIFY(!folder.rebuiltLastTime());   // new rows only: added, not threaded again
        QHash<qint64, QString> names{{a, QStringLiteral("a")}, {b, QStringLiteral("b")}, {c, QStringLiteral("c")}};
        QCOMPARE(shape(folder.tree(), names), QStringLiteral("a(b(c))"));
        QCOMPARE(folder.refresh(*db.value()).value(), false);   // nothing changed
        QVERIFY(messages.remove(b));
        QCOMPARE(folder.refresh(*db.value()).value(), true);
        QVERIFY(folder.rebuiltLastTime());
        QCOMPARE(shape(folder.tree(), names), QStringLiteral("a(c)"));
    }

    void longReferencesKeepTheParent()
    {
        // A reply whose References name 3,000 ids, its parent last: the cache keeps
        // a bounded field, but its end, so the reply still lands under its parent.
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db);
        store::MessageStore messages(*db.value());
        QByteArray refs = "<start@x>";
        for (int i = 0; i < 3000; ++i)
            refs += " <mid" + QByteArray::number(i) + "@x>";
        refs += " <parent@x>";
        QVERIFY(messages.insert(QStringLiteral("acc"), QStringLiteral("INBOX"), "Message-ID: <parent@x>\r\n\r\n.\r\n"));
        auto reply = messages.insert(QStringLiteral("acc"), QStringLiteral("INBOX"), "Message-ID: <reply@x>\r\nReferences: " + refs + "\r\n\r\n.\r\n");
        QVERIFY(reply);
        const auto stored = store::HeaderSummary::parse("References: " + refs + "\r\n\r\n").references;
        QVERIFY(stored.size() <= 4096);
        QVERIFY(stored.startsWith(QStringLiteral("<start@x> ")));
        QVERIFY(stored.endsWith(QStringLiteral("<parent@x>")));
        FolderThreads folder(QStringLiteral("acc"), QStringLiteral("INBOX"));
        QVERIFY(folder.refresh(*db.value()));
        const ThreadTree t = folder.tree();
        const int n = t.indexOf(reply.value());
        QVERIFY(n >= 0);
        QVERIFY(t.nodes[size_t(n)].parent >= 0);
        QCOMPARE(t.nodes[size_t(t.nodes[size_t(n)].parent)].message, qint64(1));
    }

    void listThreadsCommand()
    {
        QTemporaryDir dir;
        const QString profile = dir.filePath(QStringLiteral("p"));
        QVERIFY(addPop3Account(profile));
        {
            auto db = store::Database::open(profile + QStringLiteral("/cache/cache.sqlite"));
            QVERIFY(db);
            store::MessageStore messages(*db.value());
            const char *const raws[] = {
                "Message-ID: <root@x>\r\nFrom: Ann <ann@x>\r\nSubject: Plan\r\n\r\n.\r\n",
                "Message-ID: <r1@x>\r\nFrom: Bob <bob@x>\r\nSubject: Re: Plan\r\nIn-Reply-To: <root@x>\r\nReferences: <root@x>\r\n\r\n.\r\n",
                "Message-ID: <r2@x>\r\nFrom: Cy <cy@x>\r\nSubject: Re: Plan\r\nReferences: <root@x> <r1@x>\r\n\r\n.\r\n",
                "Message-ID: <other@x>\r\nFrom: Dee <dee@x>\r\nSubject: Other\r\n\r\n.\r\n",
            };
            int when = 100;
            for (const char *raw : raws)
                QVERIFY(messages.insert(QStringLiteral("mine"), QStringLiteral("INBOX"), raw, {}, QDateTime::fromSecsSinceEpoch(when++)));
        }
        const auto text = test::runTern({QStringLiteral("--profile"), profile, QStringLiteral("list"), QStringLiteral("mine"),
                                         QStringLiteral("INBOX"), QStringLiteral("--threads")});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        const QStringList lines = text.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        // Oldest thread first, as tern list orders; replies indented under their parent.
        QVERIFY2(lines.at(0).contains(QStringLiteral("\tPlan")), qPrintable(text.out));
        QVERIFY2(lines.at(1).contains(QStringLiteral("\t  Re: Plan")), qPrintable(text.out));
        QVERIFY2(lines.at(2).contains(QStringLiteral("\t    Re: Plan")), qPrintable(text.out));
        QVERIFY2(lines.at(3).contains(QStringLiteral("\tOther")), qPrintable(text.out));
        const auto json = test::runTern({QStringLiteral("--profile"), profile, QStringLiteral("list"), QStringLiteral("mine"),
                                         QStringLiteral("INBOX"), QStringLiteral("--threads"), QStringLiteral("--json")});
        QVERIFY2(json.code == 0, qPrintable(json.err));
        // Flat, in display order, each row with its thread, depth and parent row
        // (a flat list: a hostile chain thousands deep cannot nest JSON that deep).
        const QJsonArray rows = QJsonDocument::fromJson(json.out.toUtf8()).array();
        QCOMPARE(rows.size(), 4);
        const auto field = [&](int row, const char *name) { return rows.at(row).toObject().value(QLatin1String(name)); };
        QCOMPARE(field(0, "messageId").toString(), QStringLiteral("<root@x>"));
        QCOMPARE(field(0, "depth").toInt(), 0);
        QVERIFY(field(0, "parent").isNull());
        QCOMPARE(field(1, "messageId").toString(), QStringLiteral("<r1@x>"));
        QCOMPARE(field(1, "parent").toInt(), 0);   // a row number of this list
        QCOMPARE(field(2, "messageId").toString(), QStringLiteral("<r2@x>"));
        QCOMPARE(field(2, "depth").toInt(), 2);
        QCOMPARE(field(2, "parent").toInt(), 1);
        QCOMPARE(field(2, "thread").toInt(), 0);
        QCOMPARE(field(3, "subject").toString(), QStringLiteral("Other"));
        QCOMPARE(field(3, "thread").toInt(), 1);
    }

    // A reply from a client that drops References joins its thread by subject
    // only when asked (--by-subject, the GUI's View > Join Threads by Subject).
    void listThreadsBySubjectOnlyWhenAsked()
    {
        QTemporaryDir dir;
        const QString profile = dir.filePath(QStringLiteral("p"));
        QVERIFY(addPop3Account(profile));
        {
            auto db = store::Database::open(profile + QStringLiteral("/cache/cache.sqlite"));
            QVERIFY(db);
            store::MessageStore messages(*db.value());
            QVERIFY(messages.insert(QStringLiteral("mine"), QStringLiteral("INBOX"),
                                    "Message-ID: <l1@x>\r\nFrom: Ann <ann@x>\r\nSubject: Lunch\r\n\r\n.\r\n", {},
                                    QDateTime::fromSecsSinceEpoch(100)));
            QVERIFY(messages.insert(QStringLiteral("mine"), QStringLiteral("INBOX"),
                                    "Message-ID: <l2@x>\r\nFrom: Bob <bob@x>\r\nSubject: Re: Lunch\r\n\r\n.\r\n", {},
                                    QDateTime::fromSecsSinceEpoch(101)));
        }
        const QStringList base{QStringLiteral("--profile"), profile, QStringLiteral("list"), QStringLiteral("mine"), QStringLiteral("INBOX")};
        const auto apart = test::runTern(base + QStringList{QStringLiteral("--threads")});
        QVERIFY2(apart.code == 0, qPrintable(apart.err));
        QVERIFY2(apart.out.contains(QStringLiteral("\tLunch")) && apart.out.contains(QStringLiteral("\tRe: Lunch")), qPrintable(apart.out));
        const auto joined = test::runTern(base + QStringList{QStringLiteral("--threads"), QStringLiteral("--by-subject")});
        QVERIFY2(joined.code == 0, qPrintable(joined.err));
        QVERIFY2(joined.out.contains(QStringLiteral("\tLunch")) && joined.out.contains(QStringLiteral("\t  Re: Lunch")), qPrintable(joined.out));
        QCOMPARE(test::runTern(base + QStringList{QStringLiteral("--by-subject")}).code, 2);   // only with --threads
    }
};

QTEST_GUILESS_MAIN(TestThreads)
#include "tst_threads.moc"

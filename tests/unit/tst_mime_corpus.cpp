// The golden MIME corpus (tests/data/mime): every NAME.eml rendered by the real
// command line, `tern render --json NAME.eml`, must print exactly NAME.json —
// what a reader is shown of real-world shapes, broken mailers, charsets,
// Mailsploit headers, MIME bombs, hostile attachment names and HTML with remote
// references. Each message must render (exit 0) within a time bound: a bomb
// that hangs the renderer fails here instead of in a user's inbox.
//
// After an intended change in what the renderer shows, rewrite the goldens with
//   TERN_UPDATE_GOLDEN=1 ctest -R tst_mime_corpus
// and read the diff of every golden before committing it.
#include "GnupgHome.h"
#include "TestPaths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>

namespace {

const QString kCorpusDir = QStringLiteral(TERN_TEST_DATA_DIR "/mime");
constexpr int kMinMessages = 60;
constexpr int kTimeLimitMs = 10000;   // per message; the slowest bomb takes well under a second

QStringList corpusFiles()
{
    return QDir(kCorpusDir).entryList({QStringLiteral("*.eml")}, QDir::Files, QDir::Name);
}

QString goldenPath(const QString &eml)
{
    return QDir(kCorpusDir).filePath(eml.chopped(4) + QStringLiteral(".json"));
}

bool updating()
{
    return qEnvironmentVariableIntValue("TERN_UPDATE_GOLDEN") == 1;
}

// The lines that differ, between the common beginning and the common end, with
// line numbers: enough to see what changed without a diff tool.
QString readableDiff(const QByteArray &expected, const QByteArray &actual)
{
    const QList<QByteArray> a = expected.split('\n'), b = actual.split('\n');
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a.at(head) == b.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a.at(a.size() - 1 - tail) == b.at(b.size() - 1 - tail))
        ++tail;
    constexpr qsizetype kShown = 40;
    QString out = QStringLiteral("@@ line %1 (golden -, tern +)\n").arg(head + 1);
    auto show = [&](const QList<QByteArray> &lines, QChar sign) {
        const qsizetype end = lines.size() - tail;
        for (qsizetype i = head; i < end && i < head + kShown; ++i)
            out += sign + QString::fromUtf8(lines.at(i)).left(300) + QLatin1Char('\n');
        if (end - head > kShown)
            out += QStringLiteral("%1 … %2 more lines\n").arg(sign).arg(end - head - kShown);
    };
    show(a, QLatin1Char('-'));
    show(b, QLatin1Char('+'));
    return out;
}

} // namespace

class TestMimeCorpus : public QObject {
    Q_OBJECT
    tern::test::GnupgHome m_gnupg;
private slots:
    void corpusIsBigEnoughAndEveryMessageHasAGolden()
    {
        const QStringList files = corpusFiles();
        QVERIFY2(files.size() >= kMinMessages, qPrintable(QStringLiteral("%1 messages in %2").arg(files.size()).arg(kCorpusDir)));
        if (updating())
            return;
        for (const QString &f : files)
            QVERIFY2(QFile::exists(goldenPath(f)), qPrintable(f + QStringLiteral(" has no golden; run with TERN_UPDATE_GOLDEN=1")));
        // A golden whose message was removed or renamed tests nothing.
        for (const QString &g : QDir(kCorpusDir).entryList({QStringLiteral("*.json")}, QDir::Files))
            QVERIFY2(files.contains(g.chopped(5) + QStringLiteral(".eml")), qPrintable(g + QStringLiteral(" has no message")));
    }

    void rendersAsTheGoldenSays_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &f : corpusFiles())
            QTest::newRow(qPrintable(f)) << f;
    }

    void rendersAsTheGoldenSays()
    {
        QFETCH(QString, file);
        QProcess tern;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
        // Signatures are checked against an empty GnuPG home: the verdicts must not depend on the user's keys.
        env.insert(QStringLiteral("GNUPGHOME"), m_gnupg.path());
        tern.setProcessEnvironment(env);
        QElapsedTimer clock;
        clock.start();
        tern.start(QStringLiteral(TERN_BIN_DIR "/tern"), {QStringLiteral("render"), QStringLiteral("--json"), QDir(kCorpusDir).filePath(file)});
        QVERIFY2(tern.waitForStarted(), qPrintable(tern.errorString()));
        const bool finished = tern.waitForFinished(kTimeLimitMs);
        const qint64 ms = clock.elapsed();
        if (!finished) {
            tern.kill();
            tern.waitForFinished();
        }
        QVERIFY2(finished, qPrintable(QStringLiteral("tern render did not finish within %1 s").arg(kTimeLimitMs / 1000)));
        const QByteArray out = tern.readAllStandardOutput(), err = tern.readAllStandardError();
        QVERIFY2(tern.exitStatus() == QProcess::NormalExit, "tern render crashed");
        QVERIFY2(tern.exitCode() == 0, qPrintable(QStringLiteral("exit code %1: %2").arg(tern.exitCode()).arg(QString::fromUtf8(err))));
        QVERIFY2(ms < kTimeLimitMs, qPrintable(QStringLiteral("took %1 ms").arg(ms)));

        QFile golden(goldenPath(file));
        if (updating()) {
            QVERIFY(golden.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(golden.write(out), out.size());
            return;
        }
        QVERIFY2(golden.open(QIODevice::ReadOnly), qPrintable(golden.fileName() + QStringLiteral(": ") + golden.errorString()));
        const QByteArray expected = golden.readAll();
        if (expected != out)
            QFAIL(qPrintable(QStringLiteral("%1 renders differently from its golden:\n%2").arg(file, readableDiff(expected, out))));
    }
};

QTEST_GUILESS_MAIN(TestMimeCorpus)
#include "tst_mime_corpus.moc"

// Attachment names a sender chose cannot write outside the folder, hide a
// file, take a Windows device name or show a false extension; what was hidden
// is shown to the user; saving never overwrites; the copy opened by the
// desktop's handler is readable by this user alone.
#include "mime/Attachments.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace tern::mime;

namespace {
QString text(const char16_t *s)
{
    return QString::fromUtf16(s);
}

mode_t modeOf(const QString &path)
{
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

bool touch(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::NewOnly);
}
} // namespace

class TestAttachments : public QObject {
    Q_OBJECT

private slots:
    void safeNames_data()
    {
        QTest::addColumn<QString>("sender");
        QTest::addColumn<QByteArray>("mimeType");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << text(u"report.pdf") << QByteArray() << text(u"report.pdf");
        QTest::newRow("unicode") << text(u"Übersicht 2024 – 日本.xlsx") << QByteArray() << text(u"Übersicht 2024 – 日本.xlsx");
        QTest::newRow("nfd-to-nfc") << text(u"cafe\u0301.txt") << QByteArray() << text(u"caf\u00e9.txt");
        // Traversal: only the last component is a name.
        QTest::newRow("dotdot-hidden") << text(u"../../.bashrc") << QByteArray() << text(u"bashrc");
        QTest::newRow("backslashes") << text(u"..\\..\\x") << QByteArray() << text(u"x");
        QTest::newRow("absolute") << text(u"/etc/passwd") << QByteArray() << text(u"passwd");
        QTest::newRow("windows-path") << text(u"C:\\Windows\\x.exe") << QByteArray() << text(u"x.exe");
        QTest::newRow("drive-relative") << text(u"C:x.exe") << QByteArray() << text(u"C_x.exe");
        QTest::newRow("unc") << text(u"\\\\server\\share\\y.doc") << QByteArray() << text(u"y.doc");
        QTest::newRow("mixed-separators") << text(u"a/b\\c/../d.txt") << QByteArray() << text(u"d.txt");
        QTest::newRow("dotdot-alone") << text(u"..") << QByteArray() << text(u"attachment");
        QTest::newRow("trailing-slash") << text(u"dir/") << QByteArray() << text(u"attachment");
        QTest::newRow("dots-inside-kept") << text(u"v1..2.txt") << QByteArray() << text(u"v1..2.txt");
        // Hidden and Windows-trimmed names.
        QTest::newRow("leading-dots") << text(u"...profile") << QByteArray() << text(u"profile");
        QTest::newRow("leading-space-dot") << text(u" . .ssh") << QByteArray() << text(u"ssh");
        QTest::newRow("trailing-dots-spaces") << text(u"setup.exe. . ") << QByteArray() << text(u"setup.exe");
        // The real extension shows.
        QTest::newRow("rtlo") << text(u"invoice\u202Egpj.exe") << QByteArray() << text(u"invoicegpj.exe");
        QTest::newRow("rli-pdi") << text(u"photo\u2067fdp.\u2069scr") << QByteArray() << text(u"photofdp.scr");
        QTest::newRow("lrm-rlm-alm") << text(u"a\u200Eb\u200Fc\u061C.zip") << QByteArray() << text(u"abc.zip");
        QTest::newRow("lre-pdf") << text(u"x\u202A\u202B\u202C\u202Dy.js") << QByteArray() << text(u"xy.js");
        QTest::newRow("zero-width-bom-tags") << text(u"\uFEFFre\u200Bport\u2060.pdf\U000E0041") << QByteArray()
                                            << text(u"report.pdf");
        QTest::newRow("mark-after-invisible") << text(u"L\u200B\u0301.txt") << QByteArray() << text(u"\u0139.txt");
        QTest::newRow("spaces-push-extension-away")
            << text(u"invoice.pdf                                        .exe") << QByteArray() << text(u"invoice.pdf .exe");
        QTest::newRow("newline-tab") << text(u"a\nb\tc.txt") << QByteArray() << text(u"a b c.txt");
        // Control characters and what Windows refuses.
        QTest::newRow("nul") << QString::fromUtf16(u"evil.exe\0.pdf", 13) << QByteArray() << text(u"evil.exe_.pdf");
        QTest::newRow("c0-c1-del") << text(u"a\u0001b\u007Fc\u0085d.txt") << QByteArray() << text(u"a_b_c_d.txt");
        QTest::newRow("windows-chars") << text(u"a<b>c:d\"e|f?g*h.txt") << QByteArray() << text(u"a_b_c_d_e_f_g_h.txt");
        QTest::newRow("lone-surrogate") << QString(QChar(0xD800)) + text(u"x.txt") << QByteArray() << text(u"_x.txt");
        // Windows device names, whatever the case and extension.
        QTest::newRow("con") << text(u"CON") << QByteArray() << text(u"_CON");
        QTest::newRow("nul-ext") << text(u"nul.txt") << QByteArray() << text(u"_nul.txt");
        QTest::newRow("com1") << text(u"com1.tar.gz") << QByteArray() << text(u"_com1.tar.gz");
        QTest::newRow("lpt9-space") << text(u"LPT9 .log") << QByteArray() << text(u"_LPT9 .log");
        QTest::newRow("conout") << text(u"CONOUT$") << QByteArray() << text(u"_CONOUT$");
        QTest::newRow("com-superscript") << text(u"COM\u00B9.txt") << QByteArray() << text(u"_COM\u00B9.txt");
        QTest::newRow("not-a-device") << text(u"console.txt") << QByteArray() << text(u"console.txt");
        QTest::newRow("com10-not-a-device") << text(u"COM10") << QByteArray() << text(u"COM10");
        // Nothing left.
        QTest::newRow("empty") << text(u"") << QByteArray() << text(u"attachment");
        QTest::newRow("empty-pdf") << text(u"") << QByteArray("application/pdf") << text(u"attachment.pdf");
        QTest::newRow("empty-png-uppercase") << text(u"") << QByteArray("IMAGE/PNG") << text(u"attachment.png");
        QTest::newRow("empty-unknown-type") << text(u"") << QByteArray("application/x-tern-nothing") << text(u"attachment");
        QTest::newRow("only-invisible") << text(u"\u202E\u200B") << QByteArray("text/plain") << text(u"attachment.txt");
        QTest::newRow("only-dots") << text(u".....") << QByteArray() << text(u"attachment");
        QTest::newRow("type-ignored-when-named") << text(u"notes") << QByteArray("application/pdf") << text(u"notes");
    }
    void safeNames()
    {
        QFETCH(QString, sender);
        QFETCH(QByteArray, mimeType);
        QFETCH(QString, expected);
        const QString safe = safeFileName(sender, mimeType);
        QCOMPARE(safe, expected);
        QCOMPARE(safeFileName(safe, mimeType), safe);   // idempotent
    }

    void displayShowsTheTrick()
    {
        const QString rtlo = text(u"invoice\u202Egpj.exe");
        QCOMPARE(displayFileName(rtlo), QStringLiteral("invoice<U+202E>gpj.exe"));
        QVERIFY(hasHiddenCharacters(rtlo));
        QCOMPARE(displayFileName(text(u"a\u2066b\u200Fc\u061Cd")), QStringLiteral("a<U+2066>b<U+200F>c<U+061C>d"));
        QCOMPARE(displayFileName(QString::fromUtf16(u"x\0y", 3)), QStringLiteral("x<U+0000>y"));
        QCOMPARE(displayFileName(text(u"tag\U000E0041")), QStringLiteral("tag<U+E0041>"));
        QCOMPARE(displayFileName(text(u"../../.bashrc")), QStringLiteral("../../.bashrc"));   // the path is shown as sent
        QVERIFY(!hasHiddenCharacters(text(u"Übersicht 日本.pdf")));
        QCOMPARE(displayFileName(text(u"Übersicht 日本.pdf")), text(u"Übersicht 日本.pdf"));

        const QString longName = QString(2000, u'a') + text(u"\u202E.exe");
        const QString shown = displayFileName(longName);
        QVERIFY(shown.size() < 600);
        QVERIFY(shown.endsWith(QStringLiteral("<U+202E>.exe")));
    }

    // 255 bytes of UTF-8 at most; the extension kept; never half a character.
    void overlongNames()
    {
        const QString ascii = safeFileName(QString(300, u'a') + text(u".pdf"));
        QCOMPARE(ascii.toUtf8().size(), kMaxFileNameBytes);
        QVERIFY(ascii.endsWith(QStringLiteral(".pdf")));

        const QString twoByte = safeFileName(QString(200, QChar(0xE9)) + text(u".txt"));   // é
        QVERIFY(twoByte.toUtf8().size() <= kMaxFileNameBytes);
        QVERIFY(twoByte.endsWith(QStringLiteral(".txt")));
        QCOMPARE(twoByte.size(), (kMaxFileNameBytes - 4) / 2 + 4);

        QString emoji;
        for (int i = 0; i < 100; ++i)
            emoji += text(u"\U0001F600");
        const QString fourByte = safeFileName(emoji + text(u".tar.gz"));
        QVERIFY(fourByte.toUtf8().size() <= kMaxFileNameBytes);
        QVERIFY(fourByte.endsWith(QStringLiteral(".tar.gz")));
        QCOMPARE(QString::fromUtf8(fourByte.toUtf8()), fourByte);   // no lone surrogate

        // x + combining acute (no precomposed form): cut between clusters only.
        QString marks;
        for (int i = 0; i < 200; ++i)
            marks += text(u"x\u0301");
        const QString clusters = safeFileName(marks + text(u".md"));
        QVERIFY(clusters.toUtf8().size() <= kMaxFileNameBytes);
        QVERIFY(clusters.endsWith(QStringLiteral("x\u0301.md")));

        // An "extension" longer than any real one is part of the name.
        const QString noExt = safeFileName(text(u"a.") + QString(300, u'b'));
        QCOMPARE(noExt.toUtf8().size(), kMaxFileNameBytes);
        QVERIFY(noExt.startsWith(QStringLiteral("a.b")));

        QCOMPARE(safeFileName(ascii), ascii);
        QCOMPARE(safeFileName(fourByte), fourByte);
    }

    // Whatever the input: a single, visible, bounded, non-hidden name.
    void randomNames()
    {
        QRandomGenerator rng(42);
        const char16_t alphabet[] = u"ab./\\\u202E\u2066\u200B .:*\0\u0001COMNUL\U0001F600\u0301";
        const qsizetype letters = sizeof(alphabet) / sizeof(char16_t) - 1;
        for (int round = 0; round < 5000; ++round) {
            QString name;
            const int length = int(rng.bounded(round % 100 == 0 ? 1000 : 40));
            for (int i = 0; i < length; ++i)
                name += rng.bounded(4) ? QChar(alphabet[rng.bounded(letters)]) : QChar(char16_t(rng.bounded(0x10000)));
            const QString safe = safeFileName(name);
            QVERIFY(!safe.isEmpty());
            QVERIFY(safe.toUtf8().size() <= kMaxFileNameBytes);
            QVERIFY2(!safe.contains(u'/') && !safe.contains(u'\\') && !safe.contains(QChar(0)), qPrintable(safe));
            QVERIFY(!safe.startsWith(u'.') && !safe.endsWith(u'.') && !safe.endsWith(u' '));
            QVERIFY2(!hasHiddenCharacters(safe), qPrintable(displayFileName(safe)));
            QCOMPARE(safeFileName(safe), safe);
        }
    }

    void uniquePaths()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto next = [&](const QString &name) {
            const auto path = uniquePath(dir.path(), name);
            return path ? path.value() : QString();
        };
        const QString first = next(QStringLiteral("report.pdf"));
        QCOMPARE(first, dir.filePath(QStringLiteral("report.pdf")));
        QVERIFY(touch(first));
        const QString second = next(QStringLiteral("report.pdf"));
        QCOMPARE(second, dir.filePath(QStringLiteral("report (1).pdf")));
        QVERIFY(touch(second));
        QCOMPARE(next(QStringLiteral("report.pdf")), dir.filePath(QStringLiteral("report (2).pdf")));

        QVERIFY(touch(dir.filePath(QStringLiteral("README"))));
        QCOMPARE(next(QStringLiteral("README")), dir.filePath(QStringLiteral("README (1)")));
        QVERIFY(touch(dir.filePath(QStringLiteral("backup.tar.gz"))));
        QCOMPARE(next(QStringLiteral("backup.tar.gz")), dir.filePath(QStringLiteral("backup (1).tar.gz")));

        // A dangling symlink is taken: writing through it would land elsewhere.
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("nowhere")), dir.filePath(QStringLiteral("link.txt"))));
        QCOMPARE(next(QStringLiteral("link.txt")), dir.filePath(QStringLiteral("link (1).txt")));

        // The name is made safe first.
        QCOMPARE(next(QStringLiteral("../../etc/passwd")), dir.filePath(QStringLiteral("passwd")));

        // The counter never pushes a name past the limit, nor the extension out.
        const QString longName = QString(251, u'z') + QStringLiteral(".pdf");
        QVERIFY(touch(dir.filePath(longName)));
        const QString longer = QFileInfo(next(longName)).fileName();
        QVERIFY(longer.toUtf8().size() <= kMaxFileNameBytes);
        QVERIFY(longer.endsWith(QStringLiteral(" (1).pdf")));

        const auto missing = uniquePath(dir.filePath(QStringLiteral("no/such/dir")), QStringLiteral("a"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, tern::Error::Code::NotFound);
    }

    void privateTempFile()
    {
        QTemporaryDir base;
        QVERIFY(base.isValid());
        const mode_t oldMask = ::umask(0);   // even a careless umask gives a private copy
        const auto written = writePrivateTempFile(text(u"..\\invoice\u202Egpj.exe"), QByteArray("MZ\0\x01payload", 11),
                                                  QByteArray(), base.path());
        const auto second = writePrivateTempFile(QString(), QByteArray(), QByteArray("application/pdf"), base.path());
        ::umask(oldMask);
        QVERIFY2(written.ok(), qPrintable(written.error().message));
        const QFileInfo file(written.value());
        QCOMPARE(file.fileName(), QStringLiteral("invoicegpj.exe"));
        const QString folder = file.absolutePath();
        QCOMPARE(QFileInfo(folder).absolutePath(), QFileInfo(base.path()).absoluteFilePath());
        QVERIFY(QFileInfo(folder).fileName().startsWith(QStringLiteral("tern-open-")));
        QCOMPARE(modeOf(folder), mode_t(0700));
        QCOMPARE(modeOf(file.absoluteFilePath()), mode_t(0600));
        QFile f(file.absoluteFilePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("MZ\0\x01payload", 11));

        QVERIFY(second.ok());
        QCOMPARE(QFileInfo(second.value()).fileName(), QStringLiteral("attachment.pdf"));
        QVERIFY(QFileInfo(second.value()).absolutePath() != folder);   // a new folder each time
        QCOMPARE(QFileInfo(second.value()).size(), 0);
        QCOMPARE(modeOf(second.value()), mode_t(0600));

        const auto nowhere = writePrivateTempFile(QStringLiteral("a"), QByteArray("x"), QByteArray(),
                                                  base.filePath(QStringLiteral("missing")));
        QVERIFY(!nowhere.ok());
        QCOMPARE(nowhere.error().code, tern::Error::Code::Io);
    }
};

QTEST_GUILESS_MAIN(TestAttachments)
#include "tst_attachments.moc"

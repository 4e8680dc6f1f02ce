// Every translations/tern_*.ts is complete and safe to show: no entry unfinished
// or empty, every plural form filled, and each translation keeps its source's
// placeholders (%1..%9, %n), accelerator, rich-text tags and edge whitespace —
// a lost %1 drops a file name from a message, a stray one shows "%1" to the user.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLocale>
#include <QRegularExpression>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

struct Message {
    QString context, source;
    bool numerus = false;
    QString type;             // the translation's type attribute ("unfinished", "vanished", …)
    QStringList translations; // one text, or one per plural form
    qint64 line = 0;
};

QList<Message> readTs(const QString &path, QString &language, QString &error)
{
    QList<Message> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        error = f.errorString();
        return out;
    }
    QXmlStreamReader xml(&f);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            m = Message{};
            m.context = context;
            m.line = xml.lineNumber();
            m.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            m.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            if (m.numerus) {
                while (xml.readNextStartElement()) {
                    if (xml.name() == QLatin1String("numerusform"))
                        m.translations << xml.readElementText();
                    else
                        xml.skipCurrentElement();
                }
            } else {
                m.translations << xml.readElementText();
            }
            out << m;
        }
    }
    if (xml.hasError())
        error = QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    return out;
}

// %1..%99 (with or without L) and %n, sorted: what QString::arg() and tr(…, n) fill.
QStringList placeholders(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("%L?([0-9]{1,2}|n)"));
    QStringList found;
    for (auto it = re.globalMatch(s); it.hasNext();)
        found << QLatin1Char('%') + it.next().captured(1);
    found.sort();
    found.removeDuplicates();
    return found;
}

// The number of accelerator marks: '&' before a character, not "&&" and not an entity.
int accelerators(QString s)
{
    static const QRegularExpression entity(QStringLiteral("&(#[0-9]+|[A-Za-z]+);"));
    s.remove(entity);
    s.remove(QStringLiteral("&&"));
    int n = 0;
    for (int i = 0; i + 1 < s.size(); ++i)
        if (s.at(i) == QLatin1Char('&') && !s.at(i + 1).isSpace())
            ++n;
    return n;
}

// Rich-text tag names in order (<b>, </a>, <br/>): markup may not be lost or invented.
QStringList tags(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("<\\s*(/?)\\s*([A-Za-z][A-Za-z0-9]*)(\\s[^<>]*)?/?>"));
    QStringList found;
    for (auto it = re.globalMatch(s); it.hasNext();) {
        const auto m = it.next();
        found << m.captured(1) + m.captured(2).toLower();
    }
    return found;
}

QString edges(const QString &s)
{
    static const QRegularExpression lead(QStringLiteral("^\\s*")), trail(QStringLiteral("\\s*$"));
    return lead.match(s).captured(0) + QLatin1Char('|') + trail.match(s).captured(0);
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void complete_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(TERN_SOURCE_DIR "/translations"));
        const auto files = dir.entryList({QStringLiteral("tern_*.ts")}, QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), "no translations/tern_*.ts");
        for (const QString &name : files)
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }

    void complete()
    {
        QFETCH(QString, path);
        QString language, error;
        const QList<Message> messages = readTs(path, language, error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(!language.isEmpty(), "the <TS> element names no language");
        // lupdate has been run: the GUI has far more than a handful of strings.
        QVERIFY2(messages.size() > 50, qPrintable(QStringLiteral("only %1 messages: run lupdate").arg(messages.size())));

        // Plural forms per language (Qt's numerus rules); other languages need at least one.
        const int forms = language.startsWith(QLatin1String("de")) ? 2 : 0;
        QStringList problems;
        for (const Message &m : messages) {
            const QString where = QStringLiteral("%1:%2 [%3] \"%4\": ").arg(QFileInfo(path).fileName()).arg(m.line).arg(m.context, m.source);
            if (!m.type.isEmpty()) {
                problems << where + QStringLiteral("type=\"%1\"").arg(m.type);
                continue;
            }
            if (m.translations.isEmpty() || (forms && m.numerus && m.translations.size() != forms)) {
                problems << where + QStringLiteral("%1 translation form(s)").arg(m.translations.size());
                continue;
            }
            for (const QString &t : m.translations) {
                if (t.trimmed().isEmpty() && !m.source.trimmed().isEmpty())
                    problems << where + QStringLiteral("empty translation");
                else if (placeholders(t) != placeholders(m.source))
                    problems << where + QStringLiteral("placeholders %1 in \"%2\"").arg(placeholders(t).join(QLatin1Char(' ')), t);
                else if (accelerators(t) != accelerators(m.source))
                    problems << where + QStringLiteral("accelerator lost or added in \"%1\"").arg(t);
                else if (tags(t) != tags(m.source))
                    problems << where + QStringLiteral("markup differs in \"%1\"").arg(t);
                else if (edges(t) != edges(m.source))
                    problems << where + QStringLiteral("leading/trailing white space differs in \"%1\"").arg(t);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(QLatin1Char('\n') + problems.join(QLatin1Char('\n'))));
    }

    // What app/GuiMain.cpp loads from ternui's resources: the German catalogue
    // chosen by the locale, and the window icon.
    void embedded()
    {
        QTranslator german;
        QVERIFY(german.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("tern"), QStringLiteral("_"),
                            QStringLiteral(":/i18n")));
        QCOMPARE(german.translate("tern::ui::MainWindow", "&File"), QStringLiteral("&Datei"));
        QCOMPARE(german.translate("tern::ui::MainWindow", "%n account(s)", nullptr, 2), QStringLiteral("%n Konten"));
        QTranslator english;
        QVERIFY(!english.load(QLocale(QLocale::English, QLocale::UnitedStates), QStringLiteral("tern"), QStringLiteral("_"),
                              QStringLiteral(":/i18n")));
        for (int size : {48, 256}) {
            const QImage icon(QStringLiteral(":/icons/%1x%1/apps/org.tern.Tern.png").arg(size));
            QCOMPARE(icon.size(), QSize(size, size));
        }
    }

    // The checks themselves: a fault of each kind is caught.
    void checksCatchFaults()
    {
        QCOMPARE(placeholders(QStringLiteral("Cannot write %1: %2")), (QStringList{QStringLiteral("%1"), QStringLiteral("%2")}));
        QCOMPARE(placeholders(QStringLiteral("%n Konten, %L1")), (QStringList{QStringLiteral("%1"), QStringLiteral("%n")}));
        QVERIFY(placeholders(QStringLiteral("%1 s")) != placeholders(QStringLiteral("s")));
        QCOMPARE(accelerators(QStringLiteral("Reply to &All")), 1);
        QCOMPARE(accelerators(QStringLiteral("Tom && Jerry&nbsp;& co")), 0);
        QCOMPARE(tags(QStringLiteral("<b>Hi</b> <U+200B> <a href=\"x\">y</a><br/>")),
                 (QStringList{QStringLiteral("b"), QStringLiteral("/b"), QStringLiteral("a"), QStringLiteral("/a"), QStringLiteral("br")}));
        QVERIFY(edges(QStringLiteral(" — Tern")) != edges(QStringLiteral("— Tern")));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"

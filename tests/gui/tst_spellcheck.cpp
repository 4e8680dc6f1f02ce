// Spell checking in the composer: Hunspell with Debian's dictionaries chosen
// by the locale, misspelt words underlined (not in quotes or the signature),
// suggestions in the context menu that replace the word, and no underline —
// and no crash — where no dictionary is installed.
#include "ComposerWindow.h"
#include "SpellCheck.h"
#include "store/AccountConfig.h"
#include "store/Database.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <unistd.h>

using namespace tern;

namespace {
// The words of `block` drawn with the spell-check underline.
QStringList underlined(const QTextBlock &block)
{
    QStringList out;
    for (const QTextLayout::FormatRange &r : block.layout()->formats())
        if (r.format.underlineStyle() == QTextCharFormat::SpellCheckUnderline)
            out << block.text().mid(r.start, r.length);
    return out;
}

store::AccountConfig account()
{
    store::AccountConfig a;
    a.name = QStringLiteral("work");
    a.address = QStringLiteral("ann@example.test");
    a.imap = net::ServerUrl::parse(QStringLiteral("imaps://ann@127.0.0.1:993"), net::Protocol::Imap).value();
    a.smtp = net::ServerUrl::parse(QStringLiteral("smtps://ann@127.0.0.1:465"), net::Protocol::Smtp).value();
    return a;
}
} // namespace

class TestSpellCheck : public QObject {
    Q_OBJECT
private slots:
    void dictionariesByLocale()
    {
        auto en = ui::SpellDictionary::forLocale(QLocale(QStringLiteral("en_US")));
        QVERIFY2(en, "hunspell-en-us is in packaging/debian-packages.txt");
        QCOMPARE(en->name(), QStringLiteral("en_US"));
        QVERIFY(en->isCorrect(QStringLiteral("message")));
        QVERIFY(!en->isCorrect(QStringLiteral("mesage")));
        QVERIFY(en->suggestions(QStringLiteral("mesage")).contains(QStringLiteral("message")));
        auto de = ui::SpellDictionary::forLocale(QLocale(QStringLiteral("de_CH")));   // no de_CH: the main German one
        QVERIFY2(de, "hunspell-de-de is in packaging/debian-packages.txt");
        QVERIFY(de->isCorrect(QStringLiteral("Nachricht")));
        QVERIFY(de->isCorrect(QStringLiteral("Grüße")));   // a dictionary in ISO-8859-1 or UTF-8 alike
        QVERIFY(!de->isCorrect(QStringLiteral("Nachrikt")));
        (void)de->isCorrect(QStringLiteral("Привет"));   // not writable in a Latin-1 dictionary…
        QVERIFY(!de->isCorrect(QStringLiteral("Nachrikt")));   // …and the next word is still checked
        QVERIFY(!ui::SpellDictionary::forLocale(QLocale(QStringLiteral("sw_KE"))));   // none installed
        QVERIFY(!ui::SpellDictionary::forLocale(QLocale(QStringLiteral("en_US")), {QStringLiteral("/nonexistent")}));
        QVERIFY(en->isCorrect(QString(5000, QLatin1Char('x'))));   // not a word: not looked up
    }

    void composerUnderlinesAndSuggests()
    {
        QLocale::setDefault(QLocale(QStringLiteral("en_US")));
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db.ok());
        ui::ComposerWindow w(*db.value(), {account()});
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *body = w.findChild<QPlainTextEdit *>(QStringLiteral("body"));
        body->setPlainText(QStringLiteral("This mesage has one mistake.\n> a qoute is theirs\n-- \nAnn Exampel"));
        QTextDocument *doc = body->document();
        QCOMPARE(underlined(doc->findBlockByNumber(0)), QStringList{QStringLiteral("mesage")});
        QVERIFY(underlined(doc->findBlockByNumber(1)).isEmpty());   // quoted
        QVERIFY(underlined(doc->findBlockByNumber(3)).isEmpty());   // the signature
        // The context menu over the word offers the fix first; choosing it replaces the word.
        auto *spell = body->findChild<ui::SpellHighlighter *>();
        if (!spell)
            spell = body->document()->findChild<ui::SpellHighlighter *>();
        QVERIFY(spell);
        QTextCursor c(doc->findBlockByNumber(0));
        c.setPosition(7);   // inside "mesage"
        const QPoint at = body->cursorRect(c).center();
        std::unique_ptr<QMenu> menu(spell->contextMenu(at));
        QVERIFY(menu);
        QAction *fix = nullptr;
        for (QAction *a : menu->actions())
            if (a->objectName() == QLatin1String("spellSuggestion") && a->text() == QLatin1String("message"))
                fix = a;
        QVERIFY(fix);
        QCOMPARE(menu->actions().first(), menu->findChildren<QAction *>(QStringLiteral("spellSuggestion")).value(0));
        fix->trigger();
        QCOMPARE(doc->findBlockByNumber(0).text(), QStringLiteral("This message has one mistake."));
        QVERIFY(underlined(doc->findBlockByNumber(0)).isEmpty());
        QLocale::setDefault(QLocale::c());
    }

    void noDictionaryNoUnderline()
    {
        QLocale::setDefault(QLocale(QStringLiteral("sw_KE")));
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db.ok());
        ui::ComposerWindow w(*db.value(), {account()});
        auto *body = w.findChild<QPlainTextEdit *>(QStringLiteral("body"));
        body->setPlainText(QStringLiteral("Habari yako, mesage"));
        QVERIFY(underlined(body->document()->firstBlock()).isEmpty());
        auto *spell = body->document()->findChild<ui::SpellHighlighter *>();
        QVERIFY(spell && !spell->dictionary());
        std::unique_ptr<QMenu> menu(spell->contextMenu(QPoint(5, 5)));   // the ordinary menu
        QVERIFY(menu && !menu->actions().isEmpty());
        QLocale::setDefault(QLocale::c());
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestSpellCheck t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_spellcheck.moc"

#include "SpellCheck.h"

#include <hunspell.h>

#include <QFileInfo>
#include <QMenu>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QTextBlock>
#include <QTextCharFormat>

namespace tern::ui {

namespace {
constexpr int kMaxWordLength = 64;        // longer "words" (URLs, keys) are not looked up
constexpr int kMaxCheckedPerBlock = 20000; // characters of one paragraph checked: a pasted megabyte stays fast
}

struct SpellDictionary::Handle {
    Hunhandle *h = nullptr;
    // The dictionary's own encoding (SET in the .aff file: UTF-8 or ISO8859-1 in Debian's).
    std::unique_ptr<QStringEncoder> encode;
    std::unique_ptr<QStringDecoder> decode;
    ~Handle()
    {
        if (h)
            Hunspell_destroy(h);
    }
};

SpellDictionary::~SpellDictionary() = default;

std::shared_ptr<SpellDictionary> SpellDictionary::forLocale(const QLocale &locale, const QStringList &dirsIn)
{
    const QStringList dirs = dirsIn.isEmpty() ? QStringList{QStringLiteral("/usr/share/hunspell")} : dirsIn;
    const QString exact = locale.name();   // "de_DE"
    const QString language = exact.section(QLatin1Char('_'), 0, 0);
    QString aff;
    QString name;
    for (const QString &dir : dirs) {
        if (QFileInfo::exists(dir + QLatin1Char('/') + exact + QStringLiteral(".aff"))) {
            name = exact;
            aff = dir + QLatin1Char('/') + exact;
            break;
        }
    }
    if (aff.isEmpty() && !language.isEmpty() && language != QLatin1String("C")) {
        // Another country's dictionary of the same language (de_AT for de_CH), the language's main one first.
        for (const QString &dir : dirs) {
            const QString main = dir + QLatin1Char('/') + language + QLatin1Char('_') + language.toUpper();
            if (QFileInfo::exists(main + QStringLiteral(".aff"))) {
                aff = main;
                name = QFileInfo(main).fileName();
                break;
            }
        }
    }
    if (aff.isEmpty() || !QFileInfo::exists(aff + QStringLiteral(".dic")))
        return nullptr;
    std::shared_ptr<SpellDictionary> d(new SpellDictionary);
    d->m_handle = std::make_unique<Handle>();
    d->m_handle->h = Hunspell_create(QFile::encodeName(aff + QStringLiteral(".aff")).constData(),
                                     QFile::encodeName(aff + QStringLiteral(".dic")).constData());
    if (!d->m_handle->h)
        return nullptr;
    const QByteArray encoding = Hunspell_get_dic_encoding(d->m_handle->h);
    d->m_handle->encode = std::make_unique<QStringEncoder>(encoding.constData());
    d->m_handle->decode = std::make_unique<QStringDecoder>(encoding.constData());
    if (!d->m_handle->encode->isValid() || !d->m_handle->decode->isValid()) {
        d->m_handle->encode = std::make_unique<QStringEncoder>(QStringEncoder::Utf8);
        d->m_handle->decode = std::make_unique<QStringDecoder>(QStringDecoder::Utf8);
    }
    d->m_name = name;
    return d;
}

bool SpellDictionary::isCorrect(const QString &word) const
{
    if (word.size() > kMaxWordLength)
        return true;
    m_handle->encode->resetState();   // an earlier word's error must not stick
    const QByteArray bytes = (*m_handle->encode)(word);
    if (m_handle->encode->hasError())
        return true;   // not writable in the dictionary's charset: not its business
    return Hunspell_spell(m_handle->h, bytes.constData()) != 0;
}

QStringList SpellDictionary::suggestions(const QString &word, int max) const
{
    QStringList out;
    if (word.size() > kMaxWordLength)
        return out;
    char **list = nullptr;
    m_handle->encode->resetState();
    const QByteArray bytes = (*m_handle->encode)(word);
    if (m_handle->encode->hasError())
        return out;
    const int n = Hunspell_suggest(m_handle->h, &list, bytes.constData());
    for (int i = 0; i < n && out.size() < max; ++i)
        out << (m_handle->decode->resetState(), (*m_handle->decode)(QByteArray(list[i])));
    if (list)
        Hunspell_free_list(m_handle->h, &list, n);
    return out;
}

SpellHighlighter::SpellHighlighter(QPlainTextEdit *editor, std::shared_ptr<SpellDictionary> dictionary)
    : QSyntaxHighlighter(editor->document()), m_editor(editor), m_dictionary(std::move(dictionary))
{
    editor->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(editor, &QPlainTextEdit::customContextMenuRequested, this, [this](const QPoint &pos) {
        std::unique_ptr<QMenu> menu(contextMenu(pos));
        if (menu && m_editor)
            menu->exec(m_editor->viewport()->mapToGlobal(pos));
    });
}

static const QRegularExpression &wordPattern()
{
    static const QRegularExpression re(QStringLiteral("[\\p{L}][\\p{L}\\p{M}']*"));
    return re;
}

void SpellHighlighter::highlightBlock(const QString &text)
{
    if (!m_dictionary)
        return;
    // The signature and everything below it (RFC 3676 §4.3) is not checked.
    const int previous = previousBlockState();
    if (text == QLatin1String("-- ") || previous == 1) {
        setCurrentBlockState(1);
        return;
    }
    setCurrentBlockState(0);
    if (text.startsWith(QLatin1Char('>')))
        return;   // quoted: the other person's spelling
    QTextCharFormat wrong;
    wrong.setUnderlineStyle(QTextCharFormat::SpellCheckUnderline);
    wrong.setUnderlineColor(QColor(0xd0, 0x20, 0x20));
    const QString checked = text.left(kMaxCheckedPerBlock);
    auto it = wordPattern().globalMatch(checked);
    while (it.hasNext()) {
        const auto m = it.next();
        QString word = m.captured();
        while (word.endsWith(QLatin1Char('\'')))
            word.chop(1);
        if (!m_dictionary->isCorrect(word))
            setFormat(int(m.capturedStart()), int(word.size()), wrong);
    }
}

QMenu *SpellHighlighter::contextMenu(const QPoint &pos)
{
    if (!m_editor)
        return nullptr;
    QMenu *menu = m_editor->createStandardContextMenu(pos);
    if (!m_dictionary)
        return menu;
    QTextCursor cursor = m_editor->cursorForPosition(pos);
    cursor.select(QTextCursor::WordUnderCursor);
    const QString word = cursor.selectedText();
    if (word.isEmpty() || !wordPattern().match(word).hasMatch() || m_dictionary->isCorrect(word)
        || cursor.block().text().startsWith(QLatin1Char('>')))
        return menu;
    QAction *first = menu->actions().value(0);
    const QStringList suggestions = m_dictionary->suggestions(word);
    for (const QString &s : suggestions) {
        auto *a = new QAction(s, menu);
        a->setObjectName(QStringLiteral("spellSuggestion"));
        connect(a, &QAction::triggered, this, [cursor, s]() mutable { cursor.insertText(s); });
        menu->insertAction(first, a);
    }
    if (suggestions.isEmpty()) {
        auto *none = new QAction(tr("No spelling suggestions"), menu);
        none->setEnabled(false);
        menu->insertAction(first, none);
    }
    menu->insertSeparator(first);
    return menu;
}

} // namespace tern::ui

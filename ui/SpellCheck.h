#pragma once
// Spell checking in the composer with Hunspell (Debian's libhunspell and its
// hunspell-* dictionaries): misspelt words underlined as the user writes,
// suggestions at the top of the editor's context menu. The dictionary follows
// the locale (de_DE, else another German one); where none is installed there
// is simply no underline. Quoted lines ("> …") and the signature are not checked.
#include <QLocale>
#include <QPointer>
#include <QStringList>
#include <QSyntaxHighlighter>
#include <memory>

class QMenu;
class QPlainTextEdit;
class QStringDecoder;
class QStringEncoder;

namespace tern::ui {

class SpellDictionary {
public:
    // The dictionary for `locale` from `dirs` (default: /usr/share/hunspell), or null.
    static std::shared_ptr<SpellDictionary> forLocale(const QLocale &locale, const QStringList &dirs = {});
    ~SpellDictionary();

    QString name() const { return m_name; }   // "de_DE"
    bool isCorrect(const QString &word) const;
    QStringList suggestions(const QString &word, int max = 6) const;

private:
    SpellDictionary() = default;
    struct Handle;
    std::unique_ptr<Handle> m_handle;
    QString m_name;
};

class SpellHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    // Attaches to `editor` (its document and its context menu); `dictionary` may be null.
    SpellHighlighter(QPlainTextEdit *editor, std::shared_ptr<SpellDictionary> dictionary);

    SpellDictionary *dictionary() const { return m_dictionary.get(); }
    // The editor's context menu at `pos` (viewport coordinates), with
    // suggestions for a misspelt word there first. The caller owns it.
    QMenu *contextMenu(const QPoint &pos);

protected:
    void highlightBlock(const QString &text) override;

private:
    QPointer<QPlainTextEdit> m_editor;
    std::shared_ptr<SpellDictionary> m_dictionary;
};

} // namespace tern::ui

#pragma once
// The composer: identity, To/Cc/Bcc with completion from the address book
// (every address in the cache: read from or written to), subject, a plain
// text editor (sent as format=flowed by core/mime's composer), attachments by
// file picker or drag and drop with their sizes. Send builds the message with
// core/mime and puts it in the outbox, which works offline: the account's
// next sync submits it. Save Draft keeps it in the Drafts folder through the
// offline journal.
#include "mime/Composer.h"
#include "store/AccountConfig.h"
#include "store/Database.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QLabel;

namespace tern::ui {

class ComposerCrypto;

class ComposerWindow : public QWidget {
    Q_OBJECT
public:
    ComposerWindow(store::Database &cache, const QList<store::AccountConfig> &accounts, QWidget *parent = nullptr);

    // Starts from a draft (a reply, a forward, a mailto: link); `account` picks the identity.
    void setDraft(const mime::Draft &draft, const QString &account = {});
    mime::Draft draft() const;          // what the window holds now
    QString account() const;

    // Queues the message in the outbox; false (and a message shown) when it cannot be built.
    bool send();
    bool saveDraft();
    void addAttachment(const QString &path);
    QString lastError() const { return m_lastError; }
    // The profile's settings (DesktopSettings): each identity's name and
    // signature, the editor's font. Before setDraft.
    void setSettingsDir(const QString &configDir);
    // Autosave: every `ms` (30 s by default) while the message has changed since
    // it was last saved, through Save Draft, so each save replaces the previous
    // one in Drafts: a crash loses at most that interval of writing.
    void setAutosaveInterval(int ms);
    qint64 savedDraftId() const { return m_draftId; }   // the local id of the last saved draft, 0 if none
    ComposerCrypto *crypto() const { return m_crypto; }   // Sign/Encrypt toggles, keys

signals:
    void queued(const QString &account);   // a message waits in the outbox: sync the account

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void updateSize();
    void recipientsChanged();
    QString snapshot() const;
    Result<mime::ComposedMessage> build(bool forSending) const;
    void fail(const QString &message);

    store::Database &m_cache;
    QList<store::AccountConfig> m_accounts;
    QComboBox *m_from = nullptr;
    QLineEdit *m_to = nullptr, *m_cc = nullptr, *m_bcc = nullptr, *m_subject = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QListWidget *m_attachments = nullptr;
    QLabel *m_size = nullptr;
    ComposerCrypto *m_crypto = nullptr;
    QByteArray m_inReplyTo;
    QList<QByteArray> m_references;
    QList<mime::DraftAttachment> m_attached;
    QString m_lastError;
    QString m_settingsDir;
    bool autosave();
    class QTimer *m_autosave = nullptr;
    QLabel *m_draftState = nullptr;
    qint64 m_draftId = 0;           // the draft saved last (replaced by the next save, discarded on send)
    QByteArray m_draftMessageId;    // kept from save to save: ties the copies of this draft together
    QString m_savedSnapshot;        // the fields as last saved
    bool m_quiet = false;           // autosaving: problems go to the window's status, not a dialog
    bool m_sent = false;
    QString m_pristine;   // the fields as opened
};

// Every address the cache has seen in From, To and Cc, for completion ("Name <addr>").
QStringList addressBook(store::Database &cache, int limit = 5000);

} // namespace tern::ui

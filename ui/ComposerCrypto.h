#pragma once
// The composer's OpenPGP and S/MIME side: Sign, Encrypt and S/MIME toggles in
// its toolbar (remembered per identity), "Attach My Public Key", the warning
// that names recipients without a usable key before anything is sent (then
// the message goes unencrypted only if the user says so), and the signing and
// encryption themselves, run off the UI thread (gpg may take seconds, or wait
// for a pinentry) before the message is put in the outbox.
#include "crypto/PgpMimeWriter.h"
#include "mime/Composer.h"

#include <QObject>

class QAction;
class QToolBar;
class QWidget;

namespace tern::ui {

class ComposerCrypto : public QObject {
    Q_OBJECT
public:
    ComposerCrypto(QToolBar *bar, QWidget *window);

    // Where each identity's choice is kept (an ini file); none: not kept.
    void setSettingsFile(const QString &file);
    // The identity changed: its last choice comes back.
    void setIdentity(const QString &account, const QString &address);
    // A reply to encrypted mail starts encrypted (issue #6), whatever was last chosen.
    void setEncrypt(bool on);
    void setSign(bool on);
    void setSmime(bool on);
    bool encrypt() const;
    bool sign() const;
    crypto::Protocol protocol() const;

    enum class Outcome { Ready, Cancelled, Failed };
    // `message` (with its Bcc field) made ready for the outbox: signed and encrypted as
    // chosen. Recipients without a key are named first, and the user may send
    // unencrypted or go back; `error` says why when Failed.
    Outcome prepare(const QByteArray &message, QList<crypto::OutgoingCopy> *copies, QString *error);
    // A draft as it may be stored: encrypted to its writer when Encrypt is on.
    Result<QByteArray> sealDraft(const QByteArray &message);
    // The identity's public key as an attachment (application/pgp-keys).
    Result<mime::DraftAttachment> myPublicKey() const;

signals:
    void attachKey(const mime::DraftAttachment &key);

private:
    void remember();
    template <typename F> auto offThread(F work) -> decltype(work());

    QWidget *m_window;
    QAction *m_sign = nullptr, *m_encrypt = nullptr, *m_smime = nullptr;
    QString m_settingsFile, m_account, m_address;
    bool m_loading = false;
};

} // namespace tern::ui

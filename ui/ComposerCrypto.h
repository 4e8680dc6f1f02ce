#pragma once
// The composer's OpenPGP and S/MIME side: Sign, Encrypt and S/MIME toggles in
// its toolbar (remembered per identity), "Attach My Public Key", the warning
// that names recipients without a usable key before anything is sent (then
// the message goes unencrypted only if the user says so), and the signing and
// encryption themselves, run off the UI thread (gpg may take seconds, or wait
// for a pinentry) before the message is put in the outbox.
// Autocrypt (level 1 §2.4): as recipients are typed, Encrypt switches on by
// itself when every recipient can read encrypted mail and wants it (a valid
// key in the keyring, or an Autocrypt key with prefer-encrypt=mutual), and a
// line under the text says what is recommended. A recipient whose only
// key came by Autocrypt is offered for import when the message is sent
// encrypted: only on the user's word, never trusted beyond that message's need.
#include "crypto/AutocryptRecommendation.h"
#include "crypto/PgpMimeWriter.h"
#include "mime/Composer.h"
#include "store/Database.h"

#include <QObject>
#include <QStringList>

class QAction;
class QLabel;
class QTimer;
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

    // The cache (the UI thread's connection) with the Autocrypt peers.
    void setCache(store::Database *cache);
    // The recipients changed (lowercase addresses): the recommendation follows shortly.
    void setRecipients(const QString &account, const QStringList &addresses);
    crypto::Recommendation recommendation() const { return m_recommendation; }
    // The line saying what is recommended, for the window to place.
    QLabel *hintLabel() const { return m_hint; }

signals:
    void attachKey(const mime::DraftAttachment &key);
    void recommendationChanged(tern::crypto::Recommendation recommendation);

private:
    void remember();
    void recommend();
    void applyRecommendation(crypto::Recommendation r, int generation);
    // Offers to import the Autocrypt keys of recipients in `missing`; false if the user declined or it failed.
    bool offerAutocryptKeys(const QStringList &missing, QHash<QString, QString> *accepted, QString *error);
    template <typename F> auto offThread(F work) -> decltype(work());

    QWidget *m_window;
    QAction *m_sign = nullptr, *m_encrypt = nullptr, *m_smime = nullptr;
    QString m_settingsFile, m_account, m_address;
    bool m_loading = false;
    store::Database *m_cache = nullptr;
    QStringList m_recipients;
    QString m_recipientsAccount;
    QTimer *m_recommendTimer = nullptr;
    QLabel *m_hint = nullptr;
    crypto::Recommendation m_recommendation = crypto::Recommendation::Disable;
    int m_generation = 0;
    bool m_autoEncrypt = false;    // Encrypt is on because of the recommendation
    bool m_chosenEncrypt = false;  // the user (or a reply to encrypted mail) chose: the recommendation stays quiet
};

} // namespace tern::ui

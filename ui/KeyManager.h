#pragma once
// Tools → Keys…: the OpenPGP keys and S/MIME certificates in the user's GnuPG
// home with validity, owner trust, expiry and user IDs; search; import from a
// file or the clipboard (what would come in is shown first, and an import never
// trusts a key or replaces one: gpg merges into a key the keyring has); the
// public key exported to a file or the clipboard; a key pair generated; a
// correspondent's key found in their domain's Web Key Directory on request.
// Everything through core/crypto (GPGME); gpg runs off the UI thread.
#include "common/Error.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QTreeWidget;

namespace tern::ui {

class KeyManager : public QDialog {
    Q_OBJECT
public:
    explicit KeyManager(QWidget *parent = nullptr);

    void refresh();
    // Shows what `data` holds and imports it if the user agrees; true when imported.
    // `fromFile`: a file the user chose (a secret key may come in only so).
    bool importData(const QByteArray &keyData, bool fromFile);
    // The selected key's public part, armored.
    Result<QByteArray> exportSelected() const;
    QString status() const;
    // Asks `address`'s Web Key Directory (WKD) and imports what it holds, untrusted; true when found.
    bool locate(const QString &address);

    // The import dialog alone, for key data met elsewhere (an application/pgp-keys attachment).
    static bool importKeyData(QWidget *parent, const QByteArray &data, bool fromFile, QString *result);

private:
    void filter(const QString &text);
    void generate();
    void askAndLocate();

    QLineEdit *m_search = nullptr;
    QTreeWidget *m_tree = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace tern::ui

#include "ComposerCrypto.h"

#include "crypto/KeyManagement.h"
#include "crypto/KeyStore.h"
#include "sync/AutocryptKeys.h"

#include <QAction>
#include <QCoreApplication>
#include <QEventLoop>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>
#include <QPushButton>
#include <QSettings>
#include <QThreadPool>
#include <QToolBar>
#include <QUrl>
#include <QWidget>

#include <optional>

namespace tern::ui {

namespace {
QString settingsKey(const QString &account, const char *what)
{
    return QStringLiteral("crypto/%1/%2").arg(QString::fromLatin1(QUrl::toPercentEncoding(account)), QLatin1String(what));
}
} // namespace

ComposerCrypto::ComposerCrypto(QToolBar *bar, QWidget *window) : QObject(window), m_window(window)
{
    bar->addSeparator();
    m_sign = bar->addAction(QIcon::fromTheme(QStringLiteral("document-sign")), tr("Si&gn"));
    m_sign->setObjectName(QStringLiteral("sign"));
    m_sign->setCheckable(true);
    m_sign->setToolTip(tr("Sign the message with your key, so that its readers can tell it is from you and unchanged"));
    m_encrypt = bar->addAction(QIcon::fromTheme(QStringLiteral("document-encrypt")), tr("&Encrypt"));
    m_encrypt->setObjectName(QStringLiteral("encrypt"));
    m_encrypt->setCheckable(true);
    m_encrypt->setToolTip(tr("Encrypt the message to every recipient's key and to yours"));
    m_smime = bar->addAction(tr("S/MIME"));
    m_smime->setObjectName(QStringLiteral("smime"));
    m_smime->setCheckable(true);
    m_smime->setToolTip(tr("Sign and encrypt with S/MIME certificates instead of OpenPGP keys"));
    QAction *key = bar->addAction(QIcon::fromTheme(QStringLiteral("application-pgp-keys")), tr("Attach My &Key"));
    key->setObjectName(QStringLiteral("attachKey"));
    key->setToolTip(tr("Attach your OpenPGP public key, so that others can write to you encrypted"));
    m_hint = new QLabel(window);   // placed by the window (a toolbar's end overflows)
    m_hint->setObjectName(QStringLiteral("encryptionHint"));
    m_recommendTimer = new QTimer(this);
    m_recommendTimer->setSingleShot(true);
    m_recommendTimer->setInterval(300);   // a pause in typing
    connect(m_recommendTimer, &QTimer::timeout, this, &ComposerCrypto::recommend);
    // The user's own click on Encrypt is theirs: the recommendation no longer moves it.
    connect(m_encrypt, &QAction::triggered, this, [this] { m_chosenEncrypt = true; m_autoEncrypt = false; });
    for (QAction *a : {m_sign, m_encrypt, m_smime})
        connect(a, &QAction::toggled, this, [this] { remember(); });
    connect(key, &QAction::triggered, this, [this] {
        auto k = myPublicKey();
        if (!k)
            QMessageBox::warning(m_window, tr("Tern"), tr("No public key to attach: %1").arg(k.error().message));
        else
            emit attachKey(k.value());
    });
}

void ComposerCrypto::setSettingsFile(const QString &file)
{
    m_settingsFile = file;
    setIdentity(m_account, m_address);
}

void ComposerCrypto::setIdentity(const QString &account, const QString &address)
{
    m_account = account;
    m_address = address;
    if (m_settingsFile.isEmpty())
        return;
    const QSettings s(m_settingsFile, QSettings::IniFormat);
    m_loading = true;
    m_sign->setChecked(s.value(settingsKey(account, "sign"), false).toBool());
    m_encrypt->setChecked(s.value(settingsKey(account, "encrypt"), false).toBool());
    m_smime->setChecked(s.value(settingsKey(account, "smime"), false).toBool());
    m_loading = false;
}

void ComposerCrypto::remember()
{
    if (m_loading || m_settingsFile.isEmpty() || m_account.isEmpty())
        return;
    QSettings s(m_settingsFile, QSettings::IniFormat);
    s.setValue(settingsKey(m_account, "sign"), m_sign->isChecked());
    s.setValue(settingsKey(m_account, "encrypt"), m_encrypt->isChecked());
    s.setValue(settingsKey(m_account, "smime"), m_smime->isChecked());
}

void ComposerCrypto::setEncrypt(bool on)
{
    // Not remembered: a reply's default is not the identity's choice.
    m_loading = true;
    m_encrypt->setChecked(on);
    m_loading = false;
    m_chosenEncrypt = true;
    m_autoEncrypt = false;
}

void ComposerCrypto::setCache(store::Database *cache)
{
    m_cache = cache;
}

void ComposerCrypto::setRecipients(const QString &account, const QStringList &addresses)
{
    m_recipientsAccount = account;
    m_recipients = addresses;
    ++m_generation;   // an answer for older recipients is dropped
    m_recommendTimer->start();
}

void ComposerCrypto::recommend()
{
    const int generation = m_generation;
    const QStringList addresses = m_recipients;
    // The peers from the UI thread's own connection (a few indexed rows), the keyring off it (gpg).
    const auto peers = m_cache ? sync::autocryptPeersFor(*m_cache, m_recipientsAccount, addresses)
                               : QHash<QString, store::AutocryptPeer>{};
    QPointer<ComposerCrypto> self(this);
    QThreadPool::globalInstance()->start([self, addresses, peers, generation] {
        // Tern announces prefer-encrypt=mutual for its users (crypto/Autocrypt): the sender's side of §2.4.
        const crypto::Recommendation r = sync::recommendationFor(addresses, peers, true, false);
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, r, generation] {
            if (self)
                self->applyRecommendation(r, generation);
        }, Qt::QueuedConnection);
    });
}

void ComposerCrypto::applyRecommendation(crypto::Recommendation r, int generation)
{
    if (generation != m_generation)
        return;
    m_recommendation = r;
    switch (r) {
    case crypto::Recommendation::Encrypt:
        m_hint->setText(tr("Encryption recommended: every recipient can read it"));
        break;
    case crypto::Recommendation::Available:
        m_hint->setText(tr("Encryption possible"));
        break;
    case crypto::Recommendation::Discourage:
        m_hint->setText(tr("Encryption possible, but a recipient's key may be outdated"));
        break;
    case crypto::Recommendation::Disable:
        m_hint->setText(m_recipients.isEmpty() ? QString() : tr("Not every recipient has a key"));
        break;
    }
    if (!m_chosenEncrypt && !m_smime->isChecked()) {
        const bool on = r == crypto::Recommendation::Encrypt;
        if (on && !m_encrypt->isChecked()) {
            m_loading = true;   // not the identity's choice: not remembered
            m_encrypt->setChecked(true);
            m_loading = false;
            m_autoEncrypt = true;
        } else if (!on && m_autoEncrypt) {
            m_loading = true;
            m_encrypt->setChecked(false);
            m_loading = false;
            m_autoEncrypt = false;
        }
    }
    emit recommendationChanged(r);
}

bool ComposerCrypto::offerAutocryptKeys(const QStringList &missing, QHash<QString, QString> *accepted, QString *error)
{
    if (!m_cache)
        return false;
    QList<store::AutocryptPeer> offer;
    const auto peers = sync::autocryptPeersFor(*m_cache, m_account, missing);
    for (const QString &a : missing)
        if (const auto it = peers.constFind(a.toLower()); it != peers.cend() && it->acceptedFingerprint != it->fingerprint)
            offer << *it;
    if (offer.isEmpty())
        return false;
    QStringList lines;
    for (const store::AutocryptPeer &p : std::as_const(offer))
        lines << QStringLiteral("%1 (%2)").arg(p.addr, p.fingerprint);
    QMessageBox box(QMessageBox::Question, tr("Tern"),
                    tr("These recipients sent their key in their mail (Autocrypt); it is not in your keyring yet:\n%1").arg(lines.join(QLatin1Char('\n'))),
                    QMessageBox::NoButton, m_window);
    box.setObjectName(QStringLiteral("acceptAutocrypt"));
    box.setInformativeText(tr("Import these keys to encrypt to them? They are not certified or marked as trusted."));
    QPushButton *import = box.addButton(tr("&Import Keys and Encrypt"), QMessageBox::AcceptRole);
    import->setObjectName(QStringLiteral("importAutocrypt"));
    QPushButton *no = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(no);
    box.exec();
    if (box.clickedButton() != import)
        return false;
    for (const store::AutocryptPeer &p : std::as_const(offer)) {
        auto fpr = offThread([p] { return sync::importAutocryptKey(p); });
        if (!fpr) {
            *error = fpr.error().message;
            return false;
        }
        if (auto m = store::AutocryptPeers(*m_cache).markAccepted(m_account, p.addr, fpr.value()); !m) {
            *error = m.error().message;
            return false;
        }
        accepted->insert(p.addr, fpr.value());
    }
    return true;
}

void ComposerCrypto::setSign(bool on) { m_sign->setChecked(on); }
void ComposerCrypto::setSmime(bool on) { m_smime->setChecked(on); }
bool ComposerCrypto::encrypt() const { return m_encrypt->isChecked(); }
bool ComposerCrypto::sign() const { return m_sign->isChecked(); }
crypto::Protocol ComposerCrypto::protocol() const { return m_smime->isChecked() ? crypto::Protocol::Cms : crypto::Protocol::OpenPgp; }

// Runs `work` on a pool thread while the window waits, disabled, its events still served.
template <typename F> auto ComposerCrypto::offThread(F work) -> decltype(work())
{
    std::optional<decltype(work())> result;
    QEventLoop loop;
    m_window->setEnabled(false);
    QThreadPool::globalInstance()->start([&result, &loop, &work] {
        result.emplace(work());
        QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    loop.exec();
    m_window->setEnabled(true);
    return std::move(*result);
}

ComposerCrypto::Outcome ComposerCrypto::prepare(const QByteArray &message, QList<crypto::OutgoingCopy> *copies, QString *error)
{
    crypto::ProtectOptions options{sign(), encrypt(), protocol(), {}};
    if (options.encrypt) {
        const crypto::Protocol p = options.protocol;
        if (p == crypto::Protocol::OpenPgp && m_cache)   // keys the user accepted from Autocrypt headers before
            options.acceptedKeys = sync::acceptedKeysOf(sync::autocryptPeersFor(*m_cache, m_account, crypto::recipientsOf(message)));
        auto accepted = options.acceptedKeys;
        QStringList missing = offThread([&message, p, accepted] { return crypto::recipientsWithoutKeys(message, p, accepted); });
        if (!missing.isEmpty() && p == crypto::Protocol::OpenPgp) {
            QString failure;
            if (offerAutocryptKeys(missing, &options.acceptedKeys, &failure)) {
                accepted = options.acceptedKeys;
                missing = offThread([&message, p, accepted] { return crypto::recipientsWithoutKeys(message, p, accepted); });
            } else if (!failure.isEmpty()) {
                *error = failure;
                return Outcome::Failed;
            }
        }
        if (!missing.isEmpty()) {
            QMessageBox box(QMessageBox::Warning, tr("Tern"),
                            tr("The message cannot be encrypted: there is no usable key for %1.").arg(missing.join(QStringLiteral(", "))),
                            QMessageBox::NoButton, m_window);
            box.setObjectName(QStringLiteral("missingKeys"));
            box.setInformativeText(tr("Import and certify their keys first, or send the message unencrypted."));
            QPushButton *plain = box.addButton(tr("Send &Unencrypted"), QMessageBox::DestructiveRole);
            plain->setObjectName(QStringLiteral("sendUnencrypted"));
            QPushButton *back = box.addButton(QMessageBox::Cancel);
            box.setDefaultButton(back);
            box.exec();
            if (box.clickedButton() != plain)
                return Outcome::Cancelled;
            options.encrypt = false;
        }
    }
    auto made = offThread([&message, options] { return crypto::protectForSending(message, options); });
    if (!made) {
        *error = made.error().message;
        return Outcome::Failed;
    }
    *copies = made.value();
    return Outcome::Ready;
}

Result<QByteArray> ComposerCrypto::sealDraft(const QByteArray &message)
{
    if (!encrypt())
        return message;
    const crypto::Protocol p = protocol();
    return offThread([&message, p] { return crypto::protectDraft(message, p); });
}

Result<mime::DraftAttachment> ComposerCrypto::myPublicKey() const
{
    const auto keys = crypto::listKeys(crypto::Protocol::OpenPgp, QStringLiteral("<%1>").arg(m_address), true);
    if (!keys)
        return keys.error();
    for (const crypto::KeyInfo &k : keys.value()) {
        if (k.revoked || k.expired || k.disabled || k.invalid)
            continue;
        auto armored = crypto::exportPublicKey(crypto::Protocol::OpenPgp, k.fingerprint);
        if (!armored)
            return armored.error();
        mime::DraftAttachment a;
        a.data = armored.value();
        a.filename = QStringLiteral("OpenPGP_0x%1.asc").arg(k.fingerprint.right(16));
        a.mimeType = "application/pgp-keys";
        return a;
    }
    return Error::notFound(tr("you have no OpenPGP key for %1").arg(m_address));
}

} // namespace tern::ui

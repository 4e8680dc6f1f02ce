#include "KeyManager.h"

#include "crypto/KeyDiscovery.h"
#include "crypto/KeyManagement.h"
#include "crypto/KeyStore.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QThreadPool>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <optional>

namespace tern::ui {

namespace {

// Runs `work` on a pool thread while `window` waits, disabled, its events still served.
template <typename F> auto offThread(QWidget *window, F work) -> decltype(work())
{
    std::optional<decltype(work())> result;
    QEventLoop loop;
    window->setEnabled(false);
    QThreadPool::globalInstance()->start([&result, &loop, &work] {
        result.emplace(work());
        QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    loop.exec();
    window->setEnabled(true);
    return std::move(*result);
}

enum Column { UserId, Validity, Trust, Expires, Kind, Fingerprint };
constexpr int kFingerprintRole = Qt::UserRole, kProtocolRole = Qt::UserRole + 1;

QString validityText(const QString &v)
{
    if (v == QLatin1String("ultimate")) return KeyManager::tr("ultimate (yours)");
    if (v == QLatin1String("full")) return KeyManager::tr("full");
    if (v == QLatin1String("marginal")) return KeyManager::tr("marginal");
    if (v == QLatin1String("never")) return KeyManager::tr("never");
    return KeyManager::tr("unknown");
}

} // namespace

KeyManager::KeyManager(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Keys — Tern"));
    setObjectName(QStringLiteral("keyManager"));
    resize(900, 480);
    auto *layout = new QVBoxLayout(this);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search by name, address or fingerprint"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, &KeyManager::filter);
    layout->addWidget(m_search);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("keys"));
    m_tree->setHeaderLabels({tr("User ID"), tr("Validity"), tr("Owner trust"), tr("Expires"), tr("Kind"), tr("Fingerprint")});
    m_tree->setRootIsDecorated(true);
    m_tree->header()->setSectionResizeMode(UserId, QHeaderView::Stretch);
    layout->addWidget(m_tree, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto *buttons = new QHBoxLayout;
    auto button = [this, buttons](const QString &text, const char *name, auto slot) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        b->setAutoDefault(false);
        connect(b, &QPushButton::clicked, this, slot);
        buttons->addWidget(b);
    };
    button(tr("&Import File…"), "importFile", [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Keys"), QString(), tr("Keys (*.asc *.gpg *.pgp *.key *.pem *.crt *.der);;All files (*)"));
        QFile f(path);
        if (!path.isEmpty() && f.open(QIODevice::ReadOnly))
            importData(f.read(crypto::kMaxKeyData + 1), true);
    });
    button(tr("Import from &Clipboard"), "importClipboard", [this] { importData(QApplication::clipboard()->text().toUtf8(), false); });
    button(tr("Copy &Public Key"), "copyKey", [this] {
        auto key = exportSelected();
        if (key) {
            QApplication::clipboard()->setText(QString::fromUtf8(key.value()));
            m_status->setText(tr("The public key is on the clipboard."));
        } else {
            m_status->setText(key.error().message);
        }
    });
    button(tr("&Export…"), "exportKey", [this] {
        auto key = exportSelected();
        if (!key) {
            m_status->setText(key.error().message);
            return;
        }
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Public Key"), QStringLiteral("public-key.asc"));
        QFile f(path);
        if (!path.isEmpty() && !(f.open(QIODevice::WriteOnly) && f.write(key.value()) == key.value().size()))
            m_status->setText(tr("Cannot write %1: %2").arg(path, f.errorString()));
    });
    button(tr("&Generate Key Pair…"), "generate", [this] { generate(); });
    button(tr("&Find Key for Address…"), "locate", [this] { askAndLocate(); });
    buttons->addStretch(1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    buttons->addWidget(close);
    layout->addLayout(buttons);
    refresh();
}

void KeyManager::refresh()
{
    m_tree->clear();
    QStringList problems;
    for (const crypto::Protocol protocol : {crypto::Protocol::OpenPgp, crypto::Protocol::Cms}) {
        const auto keys = offThread(this, [protocol] { return crypto::listKeys(protocol); });
        if (!keys) {
            problems << keys.error().message;
            continue;
        }
        for (const crypto::KeyInfo &k : keys.value()) {
            auto *item = new QTreeWidgetItem(m_tree);
            const QString first = k.userIds.isEmpty() ? QString() : k.userIds.first().id;
            item->setText(UserId, first);
            item->setText(Validity, k.userIds.isEmpty() ? QString() : validityText(k.userIds.first().validity));
            item->setText(Trust, protocol == crypto::Protocol::Cms ? QString() : validityText(k.ownerTrust));
            QStringList state;
            if (k.revoked) state << tr("revoked");
            if (k.expired) state << tr("expired");
            if (k.disabled) state << tr("disabled");
            item->setText(Expires, !state.isEmpty() ? state.join(QStringLiteral(", "))
                                   : k.expires.isValid() ? QLocale().toString(k.expires.toLocalTime().date(), QLocale::ShortFormat) : tr("never"));
            item->setText(Kind, (protocol == crypto::Protocol::Cms ? tr("S/MIME") : tr("OpenPGP")) + (k.secret ? tr(", yours") : QString()));
            item->setText(Fingerprint, k.fingerprint);
            item->setData(UserId, kFingerprintRole, k.fingerprint);
            item->setData(UserId, kProtocolRole, int(protocol));
            for (int i = 1; i < k.userIds.size(); ++i) {
                auto *uid = new QTreeWidgetItem(item);
                uid->setText(UserId, k.userIds.at(i).id + (k.userIds.at(i).revoked ? tr(" (revoked)") : QString()));
                uid->setText(Validity, validityText(k.userIds.at(i).validity));
            }
        }
    }
    m_status->setText(problems.join(QLatin1Char('\n')));
    filter(m_search->text());
}

void KeyManager::filter(const QString &text)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_tree->topLevelItem(i);
        bool match = text.isEmpty();
        for (int c = 0; !match && c < item->columnCount(); ++c)
            match = item->text(c).contains(text, Qt::CaseInsensitive);
        for (int c = 0; !match && c < item->childCount(); ++c)
            match = item->child(c)->text(UserId).contains(text, Qt::CaseInsensitive);
        item->setHidden(!match);
    }
}

Result<QByteArray> KeyManager::exportSelected() const
{
    QTreeWidgetItem *item = m_tree->currentItem();
    while (item && item->parent())
        item = item->parent();
    if (!item)
        return Error::invalid(tr("Choose a key first."));
    return crypto::exportPublicKey(crypto::Protocol(item->data(UserId, kProtocolRole).toInt()), item->data(UserId, kFingerprintRole).toString());
}

QString KeyManager::status() const
{
    return m_status->text();
}

bool KeyManager::importKeyData(QWidget *parent, const QByteArray &data, bool fromFile, QString *result)
{
    // OpenPGP first; what gpg cannot read as OpenPGP may be an S/MIME certificate (PEM or DER).
    const auto seen = offThread(parent, [&data] { return crypto::inspectKeyData(crypto::Protocol::OpenPgp, data); });
    const bool smime = !seen && (data.contains("-----BEGIN CERTIFICATE-----") || data.startsWith('\x30'));
    if (!seen && !smime) {
        *result = tr("Nothing to import: %1").arg(seen.error().message);
        return false;
    }
    QString text;
    if (seen) {
        for (const crypto::ImportCandidate &c : seen.value()) {
            text += (c.present ? tr("Update of a key you have: %1") : tr("New key: %1")).arg(c.key.fingerprint) + QLatin1Char('\n');
            for (const crypto::UserIdInfo &u : c.key.userIds)
                text += QStringLiteral("    %1%2\n").arg(u.id, c.present && c.newUserIds.contains(u.id) ? tr(" (new user ID)") : QString());
            if (c.secret)
                text += tr("    with its SECRET key") + QLatin1Char('\n');
        }
    } else {
        text = tr("An S/MIME certificate.") + QLatin1Char('\n');
    }
    QMessageBox box(QMessageBox::Question, tr("Import Keys"), tr("Import these keys? None of them will be trusted or certified by the import."),
                    QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("importPreview"));
    box.setInformativeText(text.trimmed());
    QPushButton *yes = box.addButton(tr("&Import"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("importConfirm"));
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    if (box.clickedButton() != yes) {
        *result = tr("Nothing imported.");
        return false;
    }
    const crypto::Protocol protocol = smime ? crypto::Protocol::Cms : crypto::Protocol::OpenPgp;
    const auto done = offThread(parent, [&data, protocol, fromFile] { return crypto::importKeys(protocol, data, fromFile); });
    if (!done) {
        *result = done.error().message;
        return false;
    }
    *result = tr("Imported: %1 new, %2 unchanged, %3 new user IDs, %4 new signatures. No key was trusted.")
                  .arg(done.value().imported).arg(done.value().unchanged).arg(done.value().newUserIds).arg(done.value().newSignatures);
    return true;
}

bool KeyManager::importData(const QByteArray &keyData, bool fromFile)
{
    QString result;
    const bool imported = importKeyData(this, keyData, fromFile, &result);
    if (imported)
        refresh();
    m_status->setText(result);
    return imported;
}

void KeyManager::askAndLocate()
{
    bool ok = false;
    const QString address = QInputDialog::getText(this, tr("Find Key for Address"),
                                                  tr("E-mail address (the Web Key Directory of its domain is asked):"), QLineEdit::Normal, QString(), &ok);
    if (ok && !address.trimmed().isEmpty())
        locate(address.trimmed());
}

bool KeyManager::locate(const QString &address)
{
    m_status->setText(tr("Asking the Web Key Directory of %1…").arg(address.section(QLatin1Char('@'), 1)));
    const auto found = offThread(this, [address] { return crypto::locateKeyByWkd(address); });
    refresh();
    if (!found) {
        m_status->setText(found.error().message);
        return false;
    }
    QStringList fingerprints;
    for (const crypto::KeyInfo &k : found.value())
        fingerprints << k.fingerprint;
    m_status->setText(tr("Found and imported %1 for %2; it is not certified and no trust is set.").arg(fingerprints.join(QStringLiteral(", ")), address));
    return true;
}

void KeyManager::generate()
{
    bool ok = false;
    const QString userId = QInputDialog::getText(this, tr("Generate Key Pair"), tr("Name and address, as in \"Alice <alice@example.org>\":"),
                                                 QLineEdit::Normal, QString(), &ok);
    if (!ok || userId.trimmed().isEmpty())
        return;
    m_status->setText(tr("Making the key; GnuPG asks for its passphrase…"));
    const auto made = offThread(this, [userId] { return crypto::generateKeyPair(userId.trimmed()); });
    refresh();
    m_status->setText(made ? tr("New key %1.").arg(made.value()) : made.error().message);
}

} // namespace tern::ui

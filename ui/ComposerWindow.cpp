#include "ComposerWindow.h"

#include "ComposerCrypto.h"

#include "DesktopSettings.h"
#include "Icons.h"
#include "SpellCheck.h"

#include "mime/Addresses.h"
#include "store/OutboxStore.h"
#include "sync/OfflineJournal.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QCompleter>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QShortcut>
#include <QStringListModel>
#include <QTime>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace tern::ui {

namespace {
QString identityAddress(const store::AccountConfig &a)
{
    if (!a.address.isEmpty())
        return a.address;
    const auto &server = a.imap ? a.imap : a.pop3;
    return server ? server->user + QLatin1Char('@') + server->host : QString();
}

QString joinAddresses(const QList<mime::DraftAddress> &list)
{
    QStringList out;
    for (const auto &a : list)
        out << (a.name.isEmpty() ? a.address : QStringLiteral("\"%1\" <%2>").arg(QString(a.name).replace(QLatin1Char('"'), QLatin1Char('\'')), a.address));
    return out.join(QStringLiteral(", "));
}

// Completes the address being typed after the last comma.
class AddressCompleter : public QCompleter {
public:
    using QCompleter::QCompleter;
    QStringList splitPath(const QString &path) const override { return {path.section(QLatin1Char(','), -1).trimmed()}; }
    QString pathFromIndex(const QModelIndex &index) const override
    {
        const QString typed = static_cast<QLineEdit *>(widget())->text();
        const int comma = typed.lastIndexOf(QLatin1Char(','));
        const QString before = comma < 0 ? QString() : typed.left(comma + 1) + QLatin1Char(' ');
        return before + index.data().toString() + QStringLiteral(", ");
    }
};
} // namespace

QStringList addressBook(store::Database &cache, int limit)
{
    QStringList out;
    QSet<QString> seen;
    auto q = cache.exec(QStringLiteral("SELECT from_header, to_header, cc_header FROM messages ORDER BY received_at DESC LIMIT ?"), {limit});
    while (q && q.value().next() && out.size() < limit) {
        for (int c = 0; c < 3; ++c) {
            for (const mime::Mailbox &m : mime::parseMailboxes(q.value().value(c).toByteArray())) {
                const QString addr = QString::fromUtf8(m.address);
                if (addr.isEmpty() || seen.contains(addr.toLower()))
                    continue;
                seen.insert(addr.toLower());
                const QString name = mime::decodeHeaderText(m.name.toUtf8()).simplified();
                out << (name.isEmpty() || name == addr ? addr : QStringLiteral("%1 <%2>").arg(name, addr));
            }
        }
    }
    out.sort(Qt::CaseInsensitive);
    return out;
}

ComposerWindow::ComposerWindow(store::Database &cache, const QList<store::AccountConfig> &accounts, QWidget *parent)
    : QWidget(parent, Qt::Window), m_cache(cache), m_accounts(accounts)
{
    installFallbackIcons();
    setWindowTitle(tr("Write — Tern"));
    setObjectName(QStringLiteral("composer"));
    setAttribute(Qt::WA_DeleteOnClose);
    setAcceptDrops(true);
    resize(760, 620);
    auto *layout = new QVBoxLayout(this);

    auto *bar = new QToolBar(this);
    QAction *sendAction = bar->addAction(QIcon::fromTheme(QStringLiteral("mail-send")), tr("&Send"), this, [this] {
        if (send())
            close();
    });
    sendAction->setObjectName(QStringLiteral("send"));
    sendAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    QAction *draftAction = bar->addAction(QIcon::fromTheme(QStringLiteral("document-save")), tr("Save &Draft"), this, [this] { saveDraft(); });
    draftAction->setObjectName(QStringLiteral("saveDraft"));
    draftAction->setShortcut(QKeySequence::Save);
    QAction *attach = bar->addAction(QIcon::fromTheme(QStringLiteral("mail-attachment")), tr("&Attach…"), this, [this] {
        for (const QString &f : QFileDialog::getOpenFileNames(this, tr("Attach Files")))
            addAttachment(f);
    });
    attach->setObjectName(QStringLiteral("attach"));
    m_crypto = new ComposerCrypto(bar, this);
    m_crypto->setCache(&m_cache);
    connect(m_crypto, &ComposerCrypto::attachKey, this, [this](const mime::DraftAttachment &key) {
        m_attached.append(key);
        m_attachments->addItem(QStringLiteral("%1 (%2)").arg(key.filename, QLocale().formattedDataSize(key.data.size())));
        m_attachments->show();
        updateSize();
    });
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    layout->addWidget(bar);

    auto *form = new QFormLayout;
    m_from = new QComboBox(this);
    m_from->setObjectName(QStringLiteral("from"));
    for (const auto &a : std::as_const(m_accounts))
        m_from->addItem(QStringLiteral("%1 — %2").arg(identityAddress(a), a.name), a.name);
    form->addRow(tr("From:"), m_from);
    connect(m_from, &QComboBox::currentIndexChanged, this, [this] { updateSize(); });   // each account's server has its SIZE
    connect(m_from, &QComboBox::currentIndexChanged, this, [this] { m_crypto->setIdentity(account(), draft().from.address); });
    auto *completer = new AddressCompleter(new QStringListModel(addressBook(m_cache), this), this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    for (const auto &[field, label, name] : {std::tuple{&m_to, tr("To:"), "to"}, std::tuple{&m_cc, tr("Cc:"), "cc"},
                                      std::tuple{&m_bcc, tr("Bcc:"), "bcc"}}) {
        *field = new QLineEdit(this);
        (*field)->setObjectName(QLatin1String(name));
        (*field)->setCompleter(completer);
        form->addRow(label, *field);
    }
    // Autocrypt's recommendation follows the recipients (ComposerCrypto waits for a pause in typing).
    for (QLineEdit *e : {m_to, m_cc, m_bcc})
        connect(e, &QLineEdit::textChanged, this, [this] { recipientsChanged(); });
    connect(m_from, &QComboBox::currentIndexChanged, this, [this] { recipientsChanged(); });
    // One completer serves the three fields: it follows the one being edited.
    for (QLineEdit *e : {m_to, m_cc, m_bcc})
        connect(e, &QLineEdit::textEdited, completer, [completer, e] { completer->setWidget(e); });
    m_subject = new QLineEdit(this);
    m_subject->setObjectName(QStringLiteral("subject"));
    connect(m_subject, &QLineEdit::textChanged, this, [this](const QString &s) {
        setWindowTitle((s.isEmpty() ? tr("Write") : s) + tr(" — Tern"));
    });
    form->addRow(tr("Subject:"), m_subject);
    layout->addLayout(form);

    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("body"));
    m_body->setFont(QFont(QStringLiteral("monospace")));
    m_body->setLineWrapMode(QPlainTextEdit::WidgetWidth);   // paragraphs travel as format=flowed
    layout->addWidget(m_body, 1);
    connect(m_body, &QPlainTextEdit::textChanged, this, &ComposerWindow::updateSize);
    new SpellHighlighter(m_body, SpellDictionary::forLocale(QLocale()));   // none installed for the locale: no underline

    auto *bottom = new QHBoxLayout;
    m_attachments = new QListWidget(this);
    m_attachments->setObjectName(QStringLiteral("attachments"));
    m_attachments->setFlow(QListView::LeftToRight);
    m_attachments->setMaximumHeight(56);
    m_attachments->hide();
    auto *remove = new QShortcut(QKeySequence::Delete, m_attachments, nullptr, nullptr, Qt::WidgetShortcut);
    connect(remove, &QShortcut::activated, this, [this] {
        const int row = m_attachments->currentRow();
        if (row >= 0 && row < m_attached.size()) {
            m_attached.removeAt(row);
            delete m_attachments->takeItem(row);
            updateSize();
        }
    });
    bottom->addWidget(m_attachments, 1);
    bottom->addWidget(m_crypto->hintLabel());
    m_draftState = new QLabel(this);
    m_draftState->setObjectName(QStringLiteral("draftState"));
    bottom->addWidget(m_draftState);
    m_size = new QLabel(this);
    m_size->setObjectName(QStringLiteral("size"));
    bottom->addWidget(m_size);
    m_autosave = new QTimer(this);
    m_autosave->setInterval(30 * 1000);
    connect(m_autosave, &QTimer::timeout, this, &ComposerWindow::autosave);
    m_autosave->start();
    layout->addLayout(bottom);
    updateSize();
    m_crypto->setIdentity(account(), draft().from.address);
    m_pristine = snapshot();
}

void ComposerWindow::recipientsChanged()
{
    const mime::Draft d = draft();
    QStringList addresses;
    for (const auto *list : {&d.to, &d.cc, &d.bcc})
        for (const mime::DraftAddress &a : *list)
            if (!a.address.isEmpty() && !addresses.contains(a.address.toLower()))
                addresses << a.address.toLower();
    m_crypto->setRecipients(account(), addresses);
}

void ComposerWindow::setSettingsDir(const QString &configDir)
{
    m_settingsDir = configDir;
    const QString font = DesktopSettings(configDir).editorFont();
    QFont f;
    if (!font.isEmpty() && f.fromString(font))
        m_body->setFont(f);
}

// The body with the identity's signature below "-- " (RFC 3676 §4.3), once;
// the cursor goes above it.
static QString withSignature(const QString &body, const QString &signature, int *cursor)
{
    *cursor = -1;
    if (signature.trimmed().isEmpty() || body.contains(QLatin1String("\n-- \n")) || body.startsWith(QLatin1String("-- \n")))
        return body;
    QString out = body;
    if (!out.isEmpty() && !out.endsWith(QLatin1Char('\n')))
        out += QLatin1Char('\n');
    out += QLatin1Char('\n');
    *cursor = int(out.size());
    out += QLatin1String("\n-- \n") + signature;
    return out;
}

QString ComposerWindow::account() const
{
    return m_from->currentData().toString();
}

void ComposerWindow::setDraft(const mime::Draft &draft, const QString &account)
{
    if (!account.isEmpty())
        m_from->setCurrentIndex(qMax(0, m_from->findData(account)));
    m_to->setText(joinAddresses(draft.to));
    m_cc->setText(joinAddresses(draft.cc));
    m_bcc->setText(joinAddresses(draft.bcc));
    m_subject->setText(draft.subject);
    int signatureAt = -1;
    m_body->setPlainText(m_settingsDir.isEmpty() ? draft.body
                                                 : withSignature(draft.body, DesktopSettings(m_settingsDir).signature(this->account()), &signatureAt));
    m_inReplyTo = draft.inReplyTo;
    m_references = draft.references;
    m_attached.clear();
    m_attachments->clear();
    for (const auto &a : draft.attachments) {
        m_attached.append(a);
        m_attachments->addItem(QStringLiteral("%1 (%2)").arg(a.filename, QLocale().formattedDataSize(a.data.size())));
    }
    m_attachments->setVisible(!m_attached.isEmpty());
    // A reply starts below the quote; a new message in To.
    QTextCursor c = m_body->textCursor();
    c.movePosition(draft.inReplyTo.isEmpty() ? QTextCursor::Start : QTextCursor::End);
    if (!draft.inReplyTo.isEmpty() && signatureAt >= 0)
        c.setPosition(signatureAt);
    m_body->setTextCursor(c);
    m_pristine = snapshot();
    updateSize();
}

QString ComposerWindow::snapshot() const
{
    return QStringList{m_to->text(), m_cc->text(), m_bcc->text(), m_subject->text(), m_body->toPlainText(),
                       QString::number(m_attached.size())}.join(QChar(0));
}

mime::Draft ComposerWindow::draft() const
{
    mime::Draft d;
    const auto account = std::find_if(m_accounts.cbegin(), m_accounts.cend(),
                                      [this](const store::AccountConfig &a) { return a.name == this->account(); });
    if (account != m_accounts.cend())
        d.from = {m_settingsDir.isEmpty() ? QString() : DesktopSettings(m_settingsDir).displayName(account->name), identityAddress(*account)};
    const auto parse = [](const QLineEdit *e) {
        auto r = mime::parseDraftAddresses(e->text());
        return r ? r.value() : QList<mime::DraftAddress>{};
    };
    d.to = parse(m_to);
    d.cc = parse(m_cc);
    d.bcc = parse(m_bcc);
    d.subject = m_subject->text();
    d.body = m_body->toPlainText();
    if (!d.body.endsWith(QLatin1Char('\n')))
        d.body += QLatin1Char('\n');
    d.attachments = m_attached;
    d.inReplyTo = m_inReplyTo;
    d.references = m_references;
    return d;
}

void ComposerWindow::addAttachment(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable()) {
        fail(tr("Cannot attach %1: not a readable file.").arg(path));
        return;
    }
    mime::DraftAttachment a;
    a.path = info.absoluteFilePath();
    a.filename = info.fileName();
    m_attached.append(a);
    auto *item = new QListWidgetItem(QIcon::fromTheme(QStringLiteral("mail-attachment")),
                                     QStringLiteral("%1 (%2)").arg(a.filename, QLocale().formattedDataSize(info.size())), m_attachments);
    item->setToolTip(a.path);
    m_attachments->show();
    updateSize();
}

void ComposerWindow::updateSize()
{
    qint64 total = m_body->toPlainText().toUtf8().size();
    for (const auto &a : std::as_const(m_attached))
        total += a.path.isEmpty() ? a.data.size() : QFileInfo(a.path).size();
    // What travels: base64 makes attachments a third larger.
    const qint64 onWire = total * 4 / 3;
    QString text = tr("about %1").arg(QLocale().formattedDataSize(onWire));
    // The server's SIZE (RFC 1870), as the account's last submission learnt it.
    auto limit = m_cache.exec(QStringLiteral("SELECT value FROM account_state WHERE account = ? AND key = 'smtp-size'"), {account()});
    const qint64 serverLimit = limit && limit.value().next() ? limit.value().value(0).toLongLong() : 0;
    if (onWire > mime::ComposeLimits{}.maxTotalBytes)
        text = QStringLiteral("<span style=\"color:#b00020\">%1 — %2</span>").arg(text, tr("too large to send"));
    else if (serverLimit > 0 && onWire > serverLimit)
        text = QStringLiteral("<span style=\"color:#b00020\">%1 — %2</span>")
                   .arg(text, tr("larger than the server accepts (%1)").arg(QLocale().formattedDataSize(serverLimit)).toHtmlEscaped());
    m_size->setText(text);
}

Result<mime::ComposedMessage> ComposerWindow::build(bool forSending) const
{
    for (const auto &[field, name] : {std::pair{m_to, tr("To")}, std::pair{m_cc, tr("Cc")}, std::pair{m_bcc, tr("Bcc")}}) {
        if (auto r = mime::parseDraftAddresses(field->text()); !r)
            return Error::invalid(tr("%1: %2").arg(name, r.error().message));
    }
    const mime::Draft d = draft();
    if (d.from.address.isEmpty())
        return Error::invalid(tr("Choose an account to send from."));
    if (forSending && d.to.isEmpty() && d.cc.isEmpty() && d.bcc.isEmpty())
        return Error::invalid(tr("Add at least one recipient."));
    mime::ComposeOptions options;
    options.writeBcc = !forSending;   // Bcc never travels; a draft keeps it
    if (!forSending)
        options.messageId = m_draftMessageId;   // every save of this draft is the same message
    return mime::composeMessage(d, options);
}

void ComposerWindow::fail(const QString &message)
{
    m_lastError = message;
    if (isVisible() && !m_quiet)
        QMessageBox::warning(this, tr("Tern"), message);
}

bool ComposerWindow::send()
{
    auto built = build(true);
    if (!built) {
        fail(built.error().message);
        return false;
    }
    const mime::Draft d = draft();
    QList<QByteArray> rcpts;
    for (const auto *list : {&d.to, &d.cc, &d.bcc})
        for (const auto &a : *list)
            if (!rcpts.contains(a.address.toUtf8()))
                rcpts << a.address.toUtf8();
    QList<crypto::OutgoingCopy> copies{{built.value().bytes, rcpts, true}};
    if (m_crypto->sign() || m_crypto->encrypt()) {
        // Signed and encrypted before the outbox; Bcc decides who reads which copy.
        auto withBcc = build(false);
        QString error;
        const auto outcome = withBcc ? m_crypto->prepare(withBcc.value().bytes, &copies, &error) : ComposerCrypto::Outcome::Failed;
        if (outcome == ComposerCrypto::Outcome::Cancelled)
            return false;
        if (outcome == ComposerCrypto::Outcome::Failed) {
            fail(tr("Cannot sign or encrypt the message: %1").arg(withBcc ? error : withBcc.error().message));
            return false;
        }
    }
    store::OutboxStore outbox(m_cache);
    store::Transaction t(m_cache);   // every copy or none
    for (const crypto::OutgoingCopy &c : std::as_const(copies)) {
        const auto ids = mime::headerValues(c.bytes, "Message-ID");
        auto id = outbox.enqueue(account(), c.bytes, d.from.address.toUtf8(), c.recipients,
                                 QString::fromUtf8(ids.value(0, built.value().messageId)), false, c.keepInSent);
        if (!id) {
            fail(tr("Cannot queue the message: %1").arg(id.error().message));
            return false;
        }
    }
    if (auto c = t.commit(); !c) {
        fail(tr("Cannot queue the message: %1").arg(c.error().message));
        return false;
    }
    m_sent = true;
    m_autosave->stop();
    if (m_draftId > 0)   // sent: its draft is done with
        (void)sync::OfflineJournal(m_cache).discardDraft(account(), m_draftId);
    emit queued(account());
    return true;
}

bool ComposerWindow::saveDraft()
{
    auto built = build(false);
    if (!built) {
        fail(built.error().message);
        return false;
    }
    auto sealed = m_crypto->sealDraft(built.value().bytes);   // encrypted to its writer when Encrypt is on
    if (!sealed) {
        fail(tr("Cannot encrypt the draft: %1").arg(sealed.error().message));
        return false;
    }
    sync::OfflineJournal journal(m_cache);
    auto id = journal.replaceDraft(account(), sealed.value(), m_draftId);
    if (!id) {
        fail(tr("Cannot save the draft: %1").arg(id.error().message));
        return false;
    }
    m_draftId = id.value();
    m_draftMessageId = built.value().messageId;
    m_savedSnapshot = snapshot();
    m_draftState->setText(tr("Draft saved at %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    return true;
}

void ComposerWindow::setAutosaveInterval(int ms)
{
    m_autosave->start(qMax(ms, 100));
}

bool ComposerWindow::autosave()
{
    const QString now = snapshot();
    if (m_sent || now == m_pristine || now == m_savedSnapshot)
        return false;   // nothing new to keep
    m_quiet = true;
    const bool ok = saveDraft();
    m_quiet = false;
    if (!ok)
        m_draftState->setText(tr("Not saved: %1").arg(m_lastError));
    return ok;
}

void ComposerWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ComposerWindow::dropEvent(QDropEvent *event)
{
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            addAttachment(url.toLocalFile());
    event->acceptProposedAction();
}

void ComposerWindow::closeEvent(QCloseEvent *event)
{
    // Ask only about what the user changed since the window opened.
    // (or since it was last saved: an autosaved draft is kept as it is).
    if (m_sent || snapshot() == m_pristine || snapshot() == m_savedSnapshot || !isVisible()) {
        event->accept();
        return;
    }
    const auto answer = QMessageBox::question(this, tr("Tern"), tr("Save this message as a draft?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !saveDraft())) {
        event->ignore();
        return;
    }
    if (answer == QMessageBox::Discard && m_draftId > 0)   // thrown away: its autosaved copy too
        (void)sync::OfflineJournal(m_cache).discardDraft(account(), m_draftId);
    event->accept();
}

} // namespace tern::ui

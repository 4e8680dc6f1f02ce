#include "MessageView.h"

#include "ListBar.h"

#include "KeyManager.h"

#include "MailBody.h"
#include "crypto/CryptoWorker.h"
#include "mime/Addresses.h"

#include <QFutureWatcher>

#include <QApplication>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tern::ui {

namespace {
constexpr int kSectionRole = Qt::UserRole;
constexpr int kSaveNameRole = Qt::UserRole + 1;
constexpr int kMaxSourceShown = 8 << 20;   // view source shows at most this much

QString sizeText(qint64 bytes)
{
    return bytes < 0 ? QString() : QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}
} // namespace

ViewerSettings::ViewerSettings(const QString &file) : m_file(file) {}

static std::unique_ptr<QSettings> openSettings(const QString &file)
{
    return file.isEmpty() ? std::make_unique<QSettings>() : std::make_unique<QSettings>(file, QSettings::IniFormat);
}

bool ViewerSettings::preferPlain() const { return openSettings(m_file)->value(QStringLiteral("viewer/preferPlain"), false).toBool(); }
void ViewerSettings::setPreferPlain(bool on) { openSettings(m_file)->setValue(QStringLiteral("viewer/preferPlain"), on); }

bool ViewerSettings::remoteAllowedFor(const QString &address) const
{
    return !address.isEmpty()
           && openSettings(m_file)->value(QStringLiteral("viewer/remoteSenders")).toStringList().contains(address.toLower());
}

void ViewerSettings::allowRemoteFor(const QString &address)
{
    if (address.isEmpty())
        return;
    auto s = openSettings(m_file);
    QStringList list = s->value(QStringLiteral("viewer/remoteSenders")).toStringList();
    if (!list.contains(address.toLower()))
        list << address.toLower();
    s->setValue(QStringLiteral("viewer/remoteSenders"), list);
}

QStringList ViewerSettings::remoteSenders() const
{
    return openSettings(m_file)->value(QStringLiteral("viewer/remoteSenders")).toStringList();
}

void ViewerSettings::forbidRemoteFor(const QString &address)
{
    auto s = openSettings(m_file);
    QStringList list = s->value(QStringLiteral("viewer/remoteSenders")).toStringList();
    list.removeAll(address.toLower());
    s->setValue(QStringLiteral("viewer/remoteSenders"), list);
}

MessageView::MessageView(const ViewerSettings &settings, QWidget *parent) : QWidget(parent), m_settings(settings)
{
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(0);

    m_headers = new QLabel(this);
    m_headers->setObjectName(QStringLiteral("viewerHeaders"));
    m_headers->setTextFormat(Qt::RichText);
    m_headers->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_headers->setWordWrap(true);
    m_headers->setContentsMargins(8, 6, 8, 6);
    m_headers->setAutoFillBackground(true);
    m_layout->addWidget(m_headers);
    m_listBar = new ListBar(this);
    m_layout->addWidget(m_listBar);

    // Signature and encryption status: native widgets, outside the HTML area,
    // so nothing in the message can draw or hide them.
    m_security = new QLabel(this);
    m_security->setObjectName(QStringLiteral("securityBar"));
    m_security->setTextFormat(Qt::RichText);
    m_security->setWordWrap(true);
    m_security->setContentsMargins(8, 3, 8, 3);
    m_security->setAutoFillBackground(true);
    m_security->hide();
    m_layout->addWidget(m_security);

    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("viewerProblems"));
    m_problems->setWordWrap(true);
    m_problems->setContentsMargins(8, 2, 8, 2);
    m_problems->setStyleSheet(QStringLiteral("color:#8a5a00"));
    m_problems->hide();
    m_layout->addWidget(m_problems);

    m_remoteBar = new QFrame(this);
    m_remoteBar->setObjectName(QStringLiteral("remoteBar"));
    m_remoteBar->setFrameShape(QFrame::StyledPanel);
    m_remoteBar->setStyleSheet(QStringLiteral("#remoteBar{background:#fff4c2;border:1px solid #e0c060}"));
    auto *bar = new QHBoxLayout(m_remoteBar);
    bar->setContentsMargins(8, 3, 8, 3);
    m_remoteText = new QLabel(m_remoteBar);
    bar->addWidget(m_remoteText, 1);
    auto *once = new QPushButton(tr("Load once"), m_remoteBar);
    once->setObjectName(QStringLiteral("loadRemoteOnce"));
    auto *always = new QPushButton(tr("Always for this sender"), m_remoteBar);
    always->setObjectName(QStringLiteral("loadRemoteAlways"));
    bar->addWidget(once);
    bar->addWidget(always);
    connect(once, &QPushButton::clicked, this, &MessageView::loadRemoteOnce);
    connect(always, &QPushButton::clicked, this, &MessageView::allowRemoteForSender);
    m_remoteBar->hide();
    m_layout->addWidget(m_remoteBar);

    m_placeholder = new QLabel(tr("No message selected."), this);
    m_placeholder->setObjectName(QStringLiteral("viewerPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_layout->addWidget(m_placeholder, 1);

    m_hover = new QLabel(this);
    m_hover->setObjectName(QStringLiteral("linkTarget"));
    m_hover->setTextFormat(Qt::RichText);
    m_hover->setContentsMargins(8, 2, 8, 2);
    m_hover->hide();
    m_layout->addWidget(m_hover);

    m_attachments = new QListWidget(this);
    m_attachments->setObjectName(QStringLiteral("attachmentStrip"));
    m_attachments->setFlow(QListView::LeftToRight);
    m_attachments->setWrapping(true);
    m_attachments->setMaximumHeight(64);
    m_attachments->setContextMenuPolicy(Qt::CustomContextMenu);
    m_attachments->hide();
    connect(m_attachments, &QListWidget::itemActivated, this, [this](QListWidgetItem *i) { openAttachment(i, false); });
    connect(m_attachments, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QListWidgetItem *item = m_attachments->itemAt(pos);
        if (!item)
            return;
        QMenu menu(this);
        menu.addAction(tr("&Open"), this, [this, item] { openAttachment(item, false); });
        menu.addAction(tr("&Save As…"), this, [this, item] { openAttachment(item, true); });
        if (isKeyAttachment(item))
            menu.addAction(tr("&Import Key…"), this, [this, item] { importKey(item); })->setObjectName(QStringLiteral("importKey"));
        menu.exec(m_attachments->viewport()->mapToGlobal(pos));
    });
    m_layout->addWidget(m_attachments);

    auto *routeRow = new QHBoxLayout;
    routeRow->setContentsMargins(4, 0, 4, 0);
    m_routeButton = new QToolButton(this);
    m_routeButton->setObjectName(QStringLiteral("routeButton"));
    m_routeButton->setCheckable(true);
    m_routeButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_routeButton->setArrowType(Qt::RightArrow);
    m_routeButton->setAutoRaise(true);
    m_routeButton->hide();
    routeRow->addWidget(m_routeButton);
    routeRow->addStretch();
    m_layout->addLayout(routeRow);
    m_route = new QTreeWidget(this);
    m_route->setObjectName(QStringLiteral("routePanel"));
    m_route->setRootIsDecorated(false);
    m_route->setHeaderLabels({tr("Hop"), tr("From"), tr("By"), tr("With"), tr("Time (UTC)"), tr("Delay")});
    m_route->setMaximumHeight(160);
    m_route->hide();
    connect(m_routeButton, &QToolButton::toggled, this, [this](bool on) {
        m_route->setVisible(on);
        m_routeButton->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    });
    m_layout->addWidget(m_route);
}

MessageView::~MessageView() = default;

void MessageView::clear()
{
    ++m_renderSerial;
    m_security->hide();
    m_raw.clear();
    m_message.reset();
    m_rendered = {};
    m_headers->clear();
    m_listBar->setMessage({});
    m_problems->hide();
    m_remoteBar->hide();
    m_attachments->clear();
    m_attachments->hide();
    m_route->clear();
    m_route->hide();
    m_routeButton->hide();
    m_hover->hide();
    if (m_body)
        m_body->widget()->hide();
    m_placeholder->setText(tr("No message selected."));
    m_placeholder->show();
}

void MessageView::showMessage(const QByteArray &raw, bool headersOnly)
{
    auto parsed = mime::parseMessage(raw);
    if (!parsed) {
        clear();
        m_placeholder->setText(tr("This message cannot be shown: %1").arg(parsed.error().message));
        return;
    }
    m_raw = raw;
    m_headersOnly = headersOnly;
    m_message = std::make_unique<mime::ParsedMessage>(std::move(parsed.value()));
    m_listBar->setMessage(raw);
    m_allowRemote = m_settings.remoteAllowedFor(senderAddress());
    m_routeButton->setChecked(false);
    render();
}

QString MessageView::senderAddress() const
{
    if (!m_message)
        return {};
    const auto from = mime::parseMailboxes(m_message->header("From"));
    return from.isEmpty() ? QString() : QString::fromUtf8(from.first().address);
}

void MessageView::loadRemoteOnce()
{
    m_allowRemote = true;
    render();
}

void MessageView::allowRemoteForSender()
{
    m_settings.allowRemoteFor(senderAddress());
    m_allowRemote = true;
    render();
}

void MessageView::setPreferPlain(bool on)
{
    m_settings.setPreferPlain(on);
    if (m_message)
        render();
}

void MessageView::render()
{
    mime::RenderOptions options;
    options.preferPlain = m_settings.preferPlain();
    options.allowRemote = m_allowRemote;
    // Signatures and decryption run gpg: on a worker thread, never here.
    const quint64 serial = ++m_renderSerial;
    auto *watcher = new QFutureWatcher<mime::Rendered>(this);
    connect(watcher, &QFutureWatcher<mime::Rendered>::finished, this, [this, watcher, serial] {
        watcher->deleteLater();
        if (serial == m_renderSerial && m_message)
            showRendered(watcher->result());
    });
    watcher->setFuture(crypto::renderProtectedAsync(m_raw, options));
}

void MessageView::showRendered(const mime::Rendered &rendered)
{
    m_rendered = rendered;
    fillSecurity();

    fillHeaders();
    QStringList problems = m_rendered.problems;
    if (m_headersOnly)
        problems.prepend(tr("The body of this message is not downloaded yet."));
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());

    const int blocked = int(m_rendered.blocked.size());
    m_remoteText->setText(tr("Remote content blocked (%n item(s)) to protect your privacy.", nullptr, blocked));
    m_remoteText->setToolTip(m_rendered.blocked.mid(0, 20).join(QLatin1Char('\n')).toHtmlEscaped());
    m_remoteBar->findChild<QPushButton *>(QStringLiteral("loadRemoteAlways"))->setEnabled(!senderAddress().isEmpty());
    // A decrypted message never loads anything remote (EFAIL): no offer to.
    m_remoteBar->setVisible(blocked > 0 && !m_allowRemote && !m_rendered.security.remoteContentForbidden);

    if (!ensureBody())
        return;
    CidParts parts;
    // cid: parts come from what was rendered: the message as received, or the
    // decrypted one (its images are inside the encryption, never fetched).
    const mime::ParsedMessage *shown = shownMessage();
    if (shown) {
        for (auto it = m_rendered.inlineImages.cbegin(); it != m_rendered.inlineImages.cend(); ++it)
            if (const mime::MimePart *p = shown->root.find(it.value()); p && p->loaded)
                parts.insert(it.key(), {p->mimeType(), p->content});
    }
    // cid: references to any part with a Content-ID (multipart/related roots may
    // point at parts displayedParts did not list as images).
    std::function<void(const mime::MimePart &, int)> walk = [&](const mime::MimePart &p, int depth) {
        if (depth > mime::MimeLimits{}.maxDepth)
            return;
        if (!p.contentId.isEmpty() && p.loaded && !parts.contains(QString::fromUtf8(p.contentId)))
            parts.insert(QString::fromUtf8(p.contentId), {p.mimeType(), p.content});
        for (const auto &c : p.children)
            walk(c, depth + 1);
    };
    if (!m_rendered.security.encrypted)
        walk(shown->root, 0);
    m_body->showDocument(m_rendered.html, parts, m_allowRemote && !m_rendered.security.remoteContentForbidden);
    m_placeholder->hide();
    m_body->widget()->show();

    fillAttachments();
    fillRoute();
}

QWidget *MessageView::bodyWidget() const
{
    return m_body ? m_body->widget() : nullptr;
}

bool MessageView::ensureBody()
{
    if (m_body)
        return true;
    // QtWebEngine is loaded here, at the first message (MailBody.h).
    MailBody::Hooks hooks;
    hooks.loaded = [this](bool ok) { emit documentLoaded(ok); };
    hooks.linkActivated = [](const QUrl &url) {
        // Only after the reader clicked: the desktop's browser or mail handler.
        QDesktopServices::openUrl(url);
    };
    hooks.linkHovered = [this](const QString &url) {
        const QString html = url.isEmpty() ? QString() : linkTargetHtml(QUrl(url));
        m_hover->setText(html);
        m_hover->setVisible(!html.isEmpty());
        emit linkHovered(html);
    };
    QString error;
    m_body = createMailBody(this, hooks, &error);
    if (!m_body) {
        m_placeholder->setText(tr("This message cannot be shown: %1").arg(error));
        m_placeholder->show();
        return false;
    }
    m_body->widget()->setObjectName(QStringLiteral("viewerBody"));
    m_layout->insertWidget(m_layout->indexOf(m_placeholder), m_body->widget(), 1);
    return true;
}

void MessageView::fillSecurity()
{
    const mime::MessageSecurity &sec = m_rendered.security;
    if (!sec.present()) {
        m_security->hide();
        return;
    }
    enum Level { Good, Caution, Bad } level = Good;
    QStringList lines;
    const auto worse = [&level](Level l) { level = std::max(level, l); };
    const QString verdict = sec.signatureVerdict();
    QString signer;
    if (!sec.signatures.isEmpty()) {
        const mime::SignatureInfo &sig = sec.signatures.first();
        signer = sig.userIds.isEmpty() ? sig.fingerprint : sig.userIds.first();
        signer = mime::escapeInvisible(signer).toHtmlEscaped();
        if (!sig.fingerprint.isEmpty())
            signer += QStringLiteral(" <span style=\"color:#555\">(%1)</span>").arg(sig.fingerprint.right(16).toHtmlEscaped());
    }
    if (verdict == QLatin1String("valid")) {
        lines << tr("✔ Signed by %1").arg(signer);
    } else if (verdict == QLatin1String("not-trusted")) {
        lines << tr("Signed by %1 — the key is not certified: nothing says it belongs to this person.").arg(signer);
        worse(Caution);
    } else if (verdict == QLatin1String("mismatch")) {
        lines << tr("✖ Signed by %1 — who is NOT the sender in From.").arg(signer);
        worse(Bad);
    } else if (verdict == QLatin1String("bad")) {
        lines << tr("✖ Bad signature: the message was changed after it was signed.");
        worse(Bad);
    } else if (verdict == QLatin1String("unknown-key")) {
        lines << tr("Signed with a key you do not have (%1): the signature cannot be checked.").arg(signer);
        worse(Caution);
    } else if (verdict == QLatin1String("expired")) {
        lines << tr("Signed by %1 with an expired key or signature.").arg(signer);
        worse(Caution);
    } else if (verdict == QLatin1String("revoked")) {
        lines << tr("✖ Signed by %1 with a revoked key.").arg(signer);
        worse(Bad);
    } else if (verdict == QLatin1String("error")) {
        lines << tr("The signature could not be checked.");
        worse(Caution);
    }
    if (sec.encrypted) {
        const QByteArray &d = sec.decryption;
        if (d == "decrypted") {
            lines << tr("🔒 Encrypted: decrypted for you. Remote content is never loaded in it.");
        } else if (d == "refused-no-integrity") {
            lines << tr("✖ Not decrypted: the encryption has no integrity protection, so it could have been altered (EFAIL).");
            worse(Bad);
        } else if (d == "no-secret-key") {
            lines << tr("Encrypted to a key you do not have: it cannot be decrypted here.");
            worse(Caution);
        } else if (d == "too-large") {
            lines << tr("Encrypted, and too large to decrypt safely.");
            worse(Caution);
        } else {
            lines << tr("✖ Could not decrypt this message.");
            worse(Bad);
        }
    }
    if (!sec.nestedSections.isEmpty()) {
        lines << tr("Part of this message is signed or encrypted, but not the message itself: that part is an attachment and says nothing about the rest.");
        worse(Caution);
    }
    for (const QString &w : sec.warnings)
        lines << mime::escapeInvisible(w).toHtmlEscaped();
    static const char *const backgrounds[] = {"#e6f4ea", "#fff4c2", "#fde7e9"};
    m_security->setStyleSheet(QStringLiteral("#securityBar{background:%1}").arg(QLatin1String(backgrounds[level])));
    m_security->setText(lines.join(QStringLiteral("<br>")));
    m_security->setProperty("level", int(level));
    m_security->show();
}

void MessageView::fillHeaders()
{
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
    for (const mime::DisplayedHeader &h : std::as_const(m_rendered.headers)) {
        QString value;
        if (!h.addresses.isEmpty()) {
            QStringList shown;
            for (const mime::DisplayedAddress &a : h.addresses) {
                // The real address is what counts: it is always shown, in bold.
                QString one = a.name.isEmpty() ? QString()
                                               : a.name.toHtmlEscaped() + QStringLiteral(" ");
                one += QStringLiteral("&lt;<b>%1</b>&gt;").arg(a.address.toHtmlEscaped());
                for (const QString &w : a.warnings)
                    one += QStringLiteral(" <span style=\"color:#b00020\">⚠ %1</span>").arg(w.toHtmlEscaped());
                shown << one;
            }
            value = shown.join(QStringLiteral(", "));
        } else {
            value = h.text.toHtmlEscaped();
        }
        QStringList shownWarnings;   // an address's warning is often the field's too: said once
        for (const mime::DisplayedAddress &a : h.addresses)
            shownWarnings << a.warnings;
        for (const QString &w : h.warnings)
            if (!shownWarnings.contains(w))
                value += QStringLiteral(" <span style=\"color:#b00020\">⚠ %1</span>").arg(w.toHtmlEscaped());
        const bool subject = h.field == "Subject";
        html += QStringLiteral("<tr><td align=\"right\" style=\"color:#555;padding-right:6px\">%1:</td><td>%2</td></tr>")
                    .arg(QString::fromLatin1(h.field).toHtmlEscaped(),
                         subject ? QStringLiteral("<b>%1</b>").arg(value) : value);
    }
    html += QStringLiteral("</table>");
    m_headers->setText(html);
}

void MessageView::fillAttachments()
{
    m_attachments->clear();
    QMimeDatabase mimeDb;
    QHash<QByteArray, QIcon> icons;   // a theme lookup per type, not per part
    const QIcon warning = QIcon::fromTheme(QStringLiteral("dialog-warning"));
    for (const mime::AttachmentInfo &a : std::as_const(m_rendered.attachments)) {
        auto icon = icons.find(a.mimeType);
        if (icon == icons.end()) {
            const QMimeType type = mimeDb.mimeTypeForName(QString::fromLatin1(a.mimeType));
            icon = icons.insert(a.mimeType, QIcon::fromTheme(type.isValid() ? type.iconName() : QString(),
                                                             QIcon::fromTheme(type.isValid() ? type.genericIconName()
                                                                                             : QStringLiteral("text-x-generic"))));
        }
        auto *item = new QListWidgetItem(a.hiddenCharacters && !warning.isNull() ? warning : *icon, QStringLiteral("%1 (%2)").arg(a.saveName, sizeText(a.size)), m_attachments);
        item->setData(kSectionRole, a.section);
        item->setData(kSaveNameRole, a.saveName);
        QString tip = tr("Type: %1\nSize: %2\nSaved as: %3").arg(QString::fromLatin1(a.mimeType), sizeText(a.size), a.saveName);
        if (a.filename != a.saveName)
            tip += tr("\nThe sender named it: %1").arg(a.filename);
        if (a.hiddenCharacters)
            tip += tr("\nWarning: the sender's file name hid characters (shown as <U+…>).");
        item->setToolTip(tip);
    }
    m_attachments->setVisible(m_attachments->count() > 0);
}

void MessageView::fillRoute()
{
    m_route->clear();
    const mime::MessageRoute &route = m_rendered.route;
    int n = 0;
    bool skew = false;
    for (const mime::RouteHop &hop : route.hops) {
        QString from = hop.from;
        if (!hop.fromIp.isEmpty())
            from += QStringLiteral(" [%1]").arg(hop.fromIp);
        QString delay;
        if (hop.delaySeconds)
            delay = *hop.delaySeconds < 0 ? tr("%1 s earlier").arg(-*hop.delaySeconds) : tr("%1 s").arg(*hop.delaySeconds);
        auto *item = new QTreeWidgetItem(m_route, {QString::number(++n), mime::escapeInvisible(from), mime::escapeInvisible(hop.by),
                                                   mime::escapeInvisible(hop.with),
                                                   hop.time.isValid() ? hop.time.toString(Qt::ISODate) : tr("unknown"), delay});
        if (!hop.tls.isEmpty())
            item->setToolTip(3, mime::escapeInvisible(hop.tls));
        if (hop.skew) {
            skew = true;
            for (int c = 0; c < m_route->columnCount(); ++c)
                item->setForeground(c, QColor(0xb0, 0x00, 0x20));
            item->setToolTip(5, tr("This hop's clock is earlier than the hop before: a clock is wrong."));
        }
    }
    for (int c = 0; c < m_route->columnCount(); ++c)
        m_route->resizeColumnToContents(c);
    QString label = tr("Route: %n hop(s)", nullptr, int(route.hops.size()));
    if (skew)
        label += tr(" — clock skew");
    m_routeButton->setText(label);
    m_routeButton->setVisible(!route.hops.isEmpty());
    m_route->setVisible(m_routeButton->isChecked() && !route.hops.isEmpty());
}

// An OpenPGP key sent as a part of its own (application/pgp-keys, RFC 3156 §7).
bool MessageView::isKeyAttachment(QListWidgetItem *item) const
{
    const mime::ParsedMessage *shown = shownMessage();
    const mime::MimePart *part = shown && item ? shown->root.find(item->data(kSectionRole).toByteArray()) : nullptr;
    return part && part->mimeType() == "application/pgp-keys";
}

// Shown first, imported on the user's word, never trusted (KeyManager::importKeyData).
bool MessageView::importKey(QListWidgetItem *item)
{
    if (!isKeyAttachment(item))
        return false;
    const mime::MimePart *part = shownMessage()->root.find(item->data(kSectionRole).toByteArray());
    QString result;
    const bool imported = KeyManager::importKeyData(this, part->content, false, &result);
    QMessageBox::information(this, tr("Import Key"), result);
    return imported;
}

void MessageView::openAttachment(QListWidgetItem *item, bool saveAs)
{
    if (!m_message || !item)
        return;
    const QByteArray section = item->data(kSectionRole).toByteArray();
    const QString name = item->data(kSaveNameRole).toString();
    // The sections name parts of what was rendered: for a decrypted message, the
    // decrypted one (its bytes reach the disk only as the file opened or saved).
    const mime::ParsedMessage *shown = shownMessage();
    if (m_rendered.security.encrypted && !m_rendered.decrypted) {
        QMessageBox::information(this, tr("Attachment"), tr("This message could not be decrypted: its attachments cannot be opened."));
        return;
    }
    const mime::MimePart *part = shown ? shown->root.find(section) : nullptr;
    if (!part)
        return;
    QByteArray bytes = part->content;
    if (bytes.isEmpty() && part->isMessage()) {
        // An attached message is saved as the message itself: the part without its MIME header.
        auto r = m_rendered.decrypted ? Result<QByteArray>(part->raw) : mime::rawPart(m_raw, section);
        if (r && !r.value().isEmpty()) {
            const QByteArray &whole = r.value();
            int cut = whole.indexOf("\r\n\r\n");
            int skip = 4;
            const int lf = whole.indexOf("\n\n");
            if (cut < 0 || (lf >= 0 && lf < cut)) {
                cut = lf;
                skip = 2;
            }
            bytes = cut < 0 ? whole : whole.mid(cut + skip);
        }
    }
    if (bytes.isEmpty() && m_rendered.decrypted && part->isMessage()) {
        QMessageBox::information(this, tr("Attachment"), tr("A message attached inside an encrypted message cannot be opened from the viewer yet."));
        return;
    }
    if (!part->loaded && bytes.isEmpty()) {
        QMessageBox::information(this, tr("Attachment"), tr("This attachment is not downloaded yet."));
        return;
    }
    QString path;
    if (saveAs) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
        path = QFileDialog::getSaveFileName(this, tr("Save Attachment"), QDir(dir).filePath(name));
        if (path.isEmpty())
            return;
    } else {
        // A private directory (0700) that goes when the viewer does.
        if (!m_openDir)
            m_openDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/tern-open-XXXXXX"));
        if (!m_openDir->isValid()) {
            QMessageBox::warning(this, tr("Attachment"), tr("Cannot create a private temporary directory."));
            return;
        }
        path = QDir(m_openDir->path()).filePath(name);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        QMessageBox::warning(this, tr("Attachment"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    if (!saveAs) {
        // Read-only for the owner: the handler gets a copy it cannot mistake for the original.
        QFile::setPermissions(path, QFileDevice::ReadOwner);
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    }
}

bool MessageView::pageDown()
{
    if (!m_body || !m_body->widget()->isVisible() || !m_message)
        return false;
    return m_body->pageDown();
}

void MessageView::showSource()
{
    if (m_raw.isEmpty())
        return;
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Message Source"));
    dialog->resize(760, 560);
    auto *layout = new QVBoxLayout(dialog);
    auto *text = new QPlainTextEdit(dialog);
    text->setObjectName(QStringLiteral("sourceText"));
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // The bytes as received; 8-bit bytes read as UTF-8 where valid, control
    // characters (other than line ends and tabs) made visible.
    QString shown = mime::decodeText(m_raw.left(kMaxSourceShown), QStringLiteral("utf-8"));
    for (QChar &c : shown)
        if (c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\t') && c != QLatin1Char('\r'))
            c = QChar(0x2400 + c.unicode());   // the Control Pictures block
    shown.remove(QLatin1Char('\r'));
    if (m_raw.size() > kMaxSourceShown)
        shown += tr("\n[… %1 more not shown]").arg(sizeText(m_raw.size() - kMaxSourceShown));
    text->setPlainText(shown);
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->show();
}

} // namespace tern::ui

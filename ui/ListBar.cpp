#include "ListBar.h"

#include "lists/ListMutes.h"
#include "lists/OneClickUnsubscribe.h"
#include "store/Database.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QToolButton>

namespace tern::ui {

namespace {
// A URL as the dialog shows it: the whole of it, its host in bold (where it really goes).
QString describe(const QUrl &url)
{
    const QString full = url.toDisplayString(QUrl::FullyEncoded).toHtmlEscaped();
    if (url.host().isEmpty())
        return full;
    const QString host = url.host(QUrl::FullyEncoded).toHtmlEscaped();
    QString out = full;
    const qsizetype at = out.indexOf(host);
    if (at >= 0)
        out.replace(at, host.size(), QStringLiteral("<b>%1</b>").arg(host));
    return out;
}
} // namespace

ListBar::ListBar(QWidget *parent) : QFrame(parent), m_open([](const QUrl &u) { QDesktopServices::openUrl(u); })
{
    setObjectName(QStringLiteral("listBar"));
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(true);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(8, 2, 8, 2);
    m_name = new QLabel(this);
    m_name->setObjectName(QStringLiteral("listName"));
    m_name->setTextFormat(Qt::RichText);
    row->addWidget(m_name, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("listStatus"));
    row->addWidget(m_status);
    const auto button = [this, row](const char *name, const QString &text, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setObjectName(QLatin1String(name));
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        row->addWidget(b);
        return b;
    };
    m_archive = button("listArchive", tr("Archive"), tr("The list's archive"));
    m_help = button("listHelp", tr("Help"), tr("How to use the list"));
    m_unsubscribe = button("listUnsubscribe", tr("Unsubscribe…"), tr("Leave this list (you are asked first)"));
    m_mute = button("listMute", tr("Mute"), tr("New mail from this list arrives already read"));
    m_mute->setCheckable(true);
    connect(m_archive, &QToolButton::clicked, this, [this] { openLink(m_list.archive.value(0)); });
    connect(m_help, &QToolButton::clicked, this, [this] { openLink(m_list.help.value(0)); });
    connect(m_unsubscribe, &QToolButton::clicked, this, [this] { confirmUnsubscribe(); });
    connect(m_mute, &QToolButton::toggled, this, [this](bool on) {
        if (!m_db || !m_list.id.isValid())
            return;
        if (auto s = lists::ListMutes(*m_db).setMuted(m_list.id.id, on); !s)
            m_status->setText(s.error().message);
    });
    hide();
}

void ListBar::setMessage(const QByteArray &raw)
{
    m_list = raw.isEmpty() ? lists::ListHeaders() : lists::parseListHeaders(raw);
    m_status->clear();
    if (!m_list.isList()) {
        hide();
        return;
    }
    if (m_list.id.isValid())
        m_name->setText(m_list.id.name.isEmpty()
                            ? tr("Mailing list: <b>%1</b>").arg(m_list.id.id.toHtmlEscaped())
                            : tr("Mailing list: <b>%1</b> &lt;%2&gt;").arg(m_list.id.name.toHtmlEscaped(), m_list.id.id.toHtmlEscaped()));
    else
        m_name->setText(tr("Mailing list"));
    m_archive->setVisible(!m_list.archive.isEmpty());
    m_archive->setToolTip(m_list.archive.value(0).toDisplayString());
    m_help->setVisible(!m_list.help.isEmpty());
    m_help->setToolTip(m_list.help.value(0).toDisplayString());
    m_unsubscribe->setVisible(!m_list.unsubscribe.isEmpty());
    m_mute->setVisible(m_list.id.isValid() && m_db);
    {
        const QSignalBlocker block(m_mute);
        m_mute->setChecked(m_db && m_list.id.isValid() && lists::ListMutes(*m_db).isMuted(m_list.id.id));
    }
    show();
}

void ListBar::openLink(const QUrl &url)
{
    if (url.isEmpty())
        return;
    if (url.scheme().toLower() == QLatin1String("mailto"))
        emit composeRequested(url);
    else
        m_open(url);
}

QMessageBox *ListBar::confirmUnsubscribe()
{
    const QUrl oneClick = m_list.oneClickUrl(), mailto = m_list.mailtoUnsubscribe(), web = m_list.webUnsubscribe();
    if (oneClick.isEmpty() && mailto.isEmpty() && web.isEmpty())
        return nullptr;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Unsubscribe"),
                                tr("Unsubscribe from %1?").arg(m_list.id.displayName().toHtmlEscaped()), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("unsubscribeConfirm"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextFormat(Qt::RichText);
    QString how;
    if (!oneClick.isEmpty())
        how = tr("Tern will send a one-click unsubscribe request (RFC 8058) to<br>%1<br>"
                 "Nothing else is sent: no cookies, no password.").arg(describe(oneClick));
    else if (!mailto.isEmpty())
        how = tr("Tern will open a message to<br>%1<br>for you to send.").arg(describe(mailto));
    else
        how = tr("Tern will open this page in your browser:<br>%1").arg(describe(web));
    box->setInformativeText(how);
    QPushButton *yes = box->addButton(tr("Unsubscribe"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmUnsubscribe"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes](QAbstractButton *b) {
        if (b == yes)
            unsubscribe();
    });
    box->open();
    return box;
}

void ListBar::unsubscribe()
{
    const QUrl oneClick = m_list.oneClickUrl();
    if (oneClick.isEmpty()) {
        const QUrl mailto = m_list.mailtoUnsubscribe();
        openLink(mailto.isEmpty() ? m_list.webUnsubscribe() : mailto);
        return;
    }
    auto *request = new lists::OneClickUnsubscribe(this);
    if (!m_cas.isEmpty())
        request->setCaCertificates(m_cas);
    m_unsubscribe->setEnabled(false);
    m_status->setText(tr("Unsubscribing…"));
    connect(request, &lists::OneClickUnsubscribe::finished, this, [this, request](bool ok, const QString &error) {
        request->deleteLater();
        m_unsubscribe->setEnabled(true);
        const QString text = ok ? tr("Unsubscribe request sent.") : tr("Unsubscribing failed: %1").arg(error);
        m_status->setText(text);
        emit unsubscribeFinished(ok, text);
    });
    request->start(oneClick);
}

} // namespace tern::ui

#pragma once
// The mailing-list line under the viewer's header block: which list the
// message came through (its name, else its List-Id), its archive and help
// (opened on click, through the desktop or the composer), unsubscribing —
// only after a dialog that says exactly where the request goes — and muting
// the list (its new mail arrives read).
#include "lists/MailingList.h"

#include <QFrame>
#include <QSslCertificate>
#include <functional>

class QLabel;
class QMessageBox;
class QToolButton;

namespace tern::store { class Database; }

namespace tern::ui {

class ListBar : public QFrame {
    Q_OBJECT
public:
    explicit ListBar(QWidget *parent = nullptr);

    void setCache(store::Database *db) { m_db = db; }
    void setMessage(const QByteArray &raw);   // empty: hidden
    const lists::ListHeaders &list() const { return m_list; }

    // Starts unsubscribing: the confirmation dialog (nothing is sent before its "Unsubscribe").
    QMessageBox *confirmUnsubscribe();
    // Tests: how web links open (default: the desktop), and the CAs one-click trusts (default: the system's).
    void setUrlOpener(std::function<void(const QUrl &)> open) { m_open = std::move(open); }
    void setCaCertificates(const QList<QSslCertificate> &cas) { m_cas = cas; }

signals:
    void composeRequested(const QUrl &mailto);   // a mailto: link: the composer, prefilled
    void unsubscribeFinished(bool ok, const QString &message);

private:
    void openLink(const QUrl &url);
    void unsubscribe();

    store::Database *m_db = nullptr;
    lists::ListHeaders m_list;
    QLabel *m_name = nullptr, *m_status = nullptr;
    QToolButton *m_archive = nullptr, *m_help = nullptr, *m_unsubscribe = nullptr, *m_mute = nullptr;
    std::function<void(const QUrl &)> m_open;
    QList<QSslCertificate> m_cas;
};

} // namespace tern::ui

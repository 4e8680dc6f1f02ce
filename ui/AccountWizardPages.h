#pragma once
// The pages of the account wizard (AccountWizard.h); private to ui/.
#include "AccountWizard.h"

#include <QPointer>
#include <QWizardPage>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace tern::ui {

class WizardPage : public QWizardPage {
    Q_OBJECT
public:
    using QWizardPage::QWizardPage;
protected:
    AccountWizard *w() const { return static_cast<AccountWizard *>(wizard()); }
};

class IdentityPage : public WizardPage {
    Q_OBJECT
public:
    explicit IdentityPage(QWidget *parent = nullptr);
    bool isComplete() const override;
    bool validatePage() override;
    QString password() const;
private:
    QLineEdit *m_address, *m_password, *m_name;
    QLabel *m_problem;
    bool m_nameEdited = false;
};

class DetectPage : public WizardPage {
    Q_OBJECT
public:
    explicit DetectPage(QWidget *parent = nullptr);
    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override { return m_done; }
    int nextId() const override;
private:
    void finished(const autoconfig::Discovery &d);
    QLabel *m_status;
    QProgressBar *m_busy;
    QPushButton *m_stop;
    QPointer<autoconfig::AccountDiscovery> m_discovery;
    bool m_done = false;
};

class ResultPage : public WizardPage {
    Q_OBJECT
public:
    explicit ResultPage(QWidget *parent = nullptr);
    void initializePage() override;
    bool validatePage() override;
    int nextId() const override;
private:
    QComboBox *m_incoming, *m_outgoing;
    QLabel *m_log;
    QRadioButton *m_use, *m_edit;
};

class ManualPage : public WizardPage {
    Q_OBJECT
public:
    explicit ManualPage(QWidget *parent = nullptr);
    void initializePage() override;
    bool validatePage() override;
private:
    struct Server {
        QComboBox *security;
        QLineEdit *host, *user;
        QSpinBox *port;
    };
    Server addServer(QFormLayout *form, const QString &prefix);
    void fill(const Server &s, const net::ServerUrl &url);
    QComboBox *m_protocol;
    Server m_in{}, m_out{};
    QLineEdit *m_caFile;
    QLabel *m_problem;
};

class TestPage : public WizardPage {
    Q_OBJECT
public:
    explicit TestPage(QWidget *parent = nullptr);
    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override { return m_passed; }
private:
    void run();
    void finished(const QList<autoconfig::CheckOutcome> &outcomes);
    QLabel *m_status;
    QProgressBar *m_busy;
    QPlainTextEdit *m_certificate;
    QLabel *m_passwordLabel;
    QLineEdit *m_password;
    QPushButton *m_retry;
    QPointer<autoconfig::ConnectionCheck> m_check;
    bool m_passed = false;
};

class ModePage : public WizardPage {
    Q_OBJECT
public:
    explicit ModePage(QWidget *parent = nullptr);
    void initializePage() override;
    bool validatePage() override;
private:
    store::AccountConfig chosen() const;
    void saved(const Status &result, const QString &name);
    QRadioButton *m_disconnected, *m_online, *m_offline;
    QRadioButton *m_keep, *m_delete;
    QCheckBox *m_days, *m_untilDeleted;
    QSpinBox *m_dayCount;
    QWidget *m_imapBox, *m_pop3Box;
    QLabel *m_status;
    bool m_saving = false, m_saved = false;
};

} // namespace tern::ui

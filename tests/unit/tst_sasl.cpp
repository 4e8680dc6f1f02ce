// SASL mechanisms against their RFC examples, and a dishonest server.
#include "net/Sasl.h"

#include <QTest>

using namespace tern::net;

static Credentials pw(const QString &user, const QString &secret)
{
    Credentials c;
    c.user = user;
    c.secret = secret;
    return c;
}

class TestSasl : public QObject {
    Q_OBJECT
private slots:
    void plainRfc4616()
    {
        auto m = createSasl(QStringLiteral("PLAIN"), pw(QStringLiteral("tim"), QStringLiteral("tanstaaftanstaaf")));
        QCOMPARE(m->initialResponse(), QByteArray("\0tim\0tanstaaftanstaaf", 21));
    }

    void loginAnswersByPosition()
    {
        auto m = createSasl(QStringLiteral("LOGIN"), pw(QStringLiteral("alice"), QStringLiteral("pw")));
        QCOMPARE(m->initialResponse(), QByteArray("alice"));
        QCOMPARE(m->respond("Password:").value(), QByteArray("pw"));
        QVERIFY(!m->respond("Something else:").ok());

        auto fresh = createSasl(QStringLiteral("LOGIN"), pw(QStringLiteral("alice"), QStringLiteral("pw")));
        QCOMPARE(fresh->respond("VXNlcm5hbWU6").value(), QByteArray("alice"));   // prompt text is ignored
        QCOMPARE(fresh->respond("whatever").value(), QByteArray("pw"));
    }

    // RFC 7677 §3: the SCRAM-SHA-256 example exchange.
    void scramRfc7677()
    {
        auto m = createScramSha256(pw(QStringLiteral("user"), QStringLiteral("pencil")), "rOprNGfwEbeRWgbNEkqO");
        QCOMPARE(m->initialResponse(), QByteArray("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        auto final = m->respond("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        QVERIFY2(final.ok(), qPrintable(final.error().message));
        QCOMPARE(final.value(), QByteArray("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                           "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        QVERIFY(!m->verifyServerFinal().ok());   // not yet proven
        QVERIFY(m->respond("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=").ok());
        QVERIFY(m->verifyServerFinal().ok());
    }

    void scramRejectsAForgedServerSignature()
    {
        auto m = createScramSha256(pw(QStringLiteral("user"), QStringLiteral("pencil")), "rOprNGfwEbeRWgbNEkqO");
        m->initialResponse();
        QVERIFY(m->respond("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096").ok());
        const auto r = m->respond("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("signature is wrong")));
        QVERIFY(!m->verifyServerFinal().ok());
    }

    void scramRejectsBadServerFirst_data()
    {
        QTest::addColumn<QByteArray>("serverFirst");
        QTest::addColumn<QString>("reason");
        QTest::newRow("nonce not extended") << QByteArray("r=otherNonce123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096") << "nonce";
        QTest::newRow("nonce not extended at all") << QByteArray("r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096") << "nonce";
        QTest::newRow("too few iterations") << QByteArray("r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1") << "iteration";
        QTest::newRow("CPU bomb") << QByteArray("r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2000000000") << "iteration";
        QTest::newRow("no salt") << QByteArray("r=rOprNGfwEbeRWgbNEkqOxyz,i=4096") << "salt";
        QTest::newRow("mandatory extension") << QByteArray("m=ext,r=rOprNGfwEbeRWgbNEkqOxyz,s=W22Z,i=4096") << "extension";
    }
    void scramRejectsBadServerFirst()
    {
        QFETCH(QByteArray, serverFirst);
        QFETCH(QString, reason);
        auto m = createScramSha256(pw(QStringLiteral("user"), QStringLiteral("pencil")), "rOprNGfwEbeRWgbNEkqO");
        m->initialResponse();
        const auto r = m->respond(serverFirst);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(reason), qPrintable(r.error().message));
    }

    void scramEscapesUserName()
    {
        auto m = createScramSha256(pw(QStringLiteral("a=b,c"), QStringLiteral("x")), "nonce");
        QCOMPARE(m->initialResponse(), QByteArray("n,,n=a=3Db=2Cc,r=nonce"));
    }

    void oauth()
    {
        Credentials c = pw(QStringLiteral("someuser@example.com"), QStringLiteral("vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="));
        c.isOAuthToken = true;
        c.host = QStringLiteral("server.example.com");
        c.port = 143;
        QCOMPARE(createSasl(QStringLiteral("XOAUTH2"), c)->initialResponse(),
                 QByteArray("user=someuser@example.com\x01" "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"));
        // RFC 7628 §4.1
        QCOMPARE(createSasl(QStringLiteral("OAUTHBEARER"), c)->initialResponse(),
                 QByteArray("n,a=someuser@example.com,\x01" "host=server.example.com\x01" "port=143\x01"
                            "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"));
    }

    void choosesTheStrongestCommonMechanism()
    {
        const Credentials password = pw(QStringLiteral("u"), QStringLiteral("p"));
        QCOMPARE(chooseMechanism({QStringLiteral("PLAIN"), QStringLiteral("LOGIN"), QStringLiteral("SCRAM-SHA-256")}, password), QStringLiteral("SCRAM-SHA-256"));
        QCOMPARE(chooseMechanism({QStringLiteral("login"), QStringLiteral("plain")}, password), QStringLiteral("PLAIN"));
        QCOMPARE(chooseMechanism({QStringLiteral("CRAM-MD5")}, password), QString());
        Credentials token = password;
        token.isOAuthToken = true;
        QCOMPARE(chooseMechanism({QStringLiteral("PLAIN"), QStringLiteral("XOAUTH2")}, token), QStringLiteral("XOAUTH2"));
        QCOMPARE(chooseMechanism({QStringLiteral("PLAIN")}, token), QString());   // never send a token as a password
    }
};

QTEST_GUILESS_MAIN(TestSasl)
#include "tst_sasl.moc"

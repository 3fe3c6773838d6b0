package io.jobsuite.infra;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolGroupOptions;
import software.constructs.Construct;

/**
 * Who may use the API: a Cognito user pool whose groups are the API's roles
 * ({@link ServiceEnvironment#GROUP_ROLES}), an app client for the load balancer's login
 * to the pages, and one for people and scripts that call the API with a bearer token.
 * Nobody signs up: ops create users (README). A user's {@code sub} owns their clients.
 */
public class Identity extends Construct {

	private final UserPool userPool;

	private final UserPoolDomain domain;

	private final UserPoolClient apiClient;

	private final String webClientName;

	public Identity(Construct scope, String id, StageConfig config) {
		super(scope, id);
		this.webClientName = config.name("jobsuite-web");
		this.userPool = UserPool.Builder.create(this, "UserPool")
			.userPoolName(config.name("jobsuite-users"))
			.selfSignUpEnabled(false)
			.signInAliases(SignInAliases.builder().username(true).email(true).build())
			.passwordPolicy(PasswordPolicy.builder()
				.minLength(12)
				.requireLowercase(true)
				.requireUppercase(true)
				.requireDigits(true)
				.requireSymbols(true)
				.tempPasswordValidity(Duration.days(3))
				.build())
			.mfa(Mfa.REQUIRED)
			.mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
			.accountRecovery(AccountRecovery.EMAIL_ONLY)
			.featurePlan(FeaturePlan.ESSENTIALS)
			.deletionProtection(config.isProd())
			.removalPolicy(config.removalPolicy())
			.build();
		ServiceEnvironment.GROUP_ROLES.keySet()
			.stream()
			.sorted()
			.forEach(group -> userPool.addGroup(group.substring(0, 1).toUpperCase() + group.substring(1) + "Group",
					UserPoolGroupOptions.builder()
						.groupName(group)
						.description("API role " + ServiceEnvironment.GROUP_ROLES.get(group))
						.build()));
		this.domain = userPool.addDomain("Domain", UserPoolDomainOptions.builder()
			.cognitoDomain(
					CognitoDomainOptions.builder().domainPrefix(config.name("jobsuite-" + config.account())).build())
			.build());
		// People and scripts with the CLI (SRP: the password never leaves the caller). No
		// OAuth: CDK's default would give it the code and implicit grants, a placeholder
		// callback and the admin scope, none of which SRP needs.
		this.apiClient = userPool.addClient("ApiClient",
				UserPoolClientOptions.builder()
					.userPoolClientName(config.name("jobsuite-api"))
					.generateSecret(false)
					.disableOAuth(true)
					.authFlows(AuthFlow.builder().userSrp(true).build())
					.accessTokenValidity(Duration.hours(1))
					.idTokenValidity(Duration.hours(1))
					.refreshTokenValidity(Duration.hours(12))
					.preventUserExistenceErrors(true)
					.build());
		Nag.suppress(userPool, "AwsSolutions-COG3",
				"Threat protection (advanced security) needs the Plus feature plan, billed per active user; MFA is"
						+ " required for every user and nobody can sign up, which covers the credential-stuffing risk"
						+ " for an ops team's pool.");
	}

	public UserPool userPool() {
		return userPool;
	}

	public UserPoolDomain domain() {
		return domain;
	}

	/**
	 * The load balancer's login to the pages (authorization code grant). It needs a
	 * secret, which the load balancer reads from Cognito itself.
	 * @param callbackUrl {@code https://<load balancer>/oauth2/idpresponse}
	 * @param signedOutUrl where Cognito's logout may send the browser (the pages' start)
	 */
	public UserPoolClient addWebClient(String callbackUrl, String signedOutUrl) {
		return userPool.addClient("WebClient",
				UserPoolClientOptions.builder()
					.userPoolClientName(webClientName)
					.generateSecret(true)
					.oAuth(OAuthSettings.builder()
						.flows(OAuthFlows.builder().authorizationCodeGrant(true).build())
						.scopes(List.of(OAuthScope.OPENID, OAuthScope.EMAIL))
						.callbackUrls(List.of(callbackUrl))
						.logoutUrls(List.of(signedOutUrl))
						.build())
					.accessTokenValidity(Duration.hours(1))
					.idTokenValidity(Duration.hours(1))
					.refreshTokenValidity(Duration.hours(12))
					.preventUserExistenceErrors(true)
					.build());
	}

	/**
	 * Cognito's logout for the pages' client: ends the Cognito session, then sends the
	 * browser to {@code signedOutUrl}, where the load balancer's login begins again.
	 */
	public String signOutUrl(UserPoolClient webClient, String signedOutUrl) {
		return domain.baseUrl() + "/logout?client_id=" + webClient.getUserPoolClientId() + "&logout_uri="
				+ signedOutUrl;
	}

	public UserPoolClient apiClient() {
		return apiClient;
	}

	/** The issuer of the pool's tokens, as they carry it in {@code iss}. */
	public String issuer() {
		return userPool.getUserPoolProviderUrl();
	}

}

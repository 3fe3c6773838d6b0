package io.jobsuite.infra;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityTest {

	private final Template dev = Synthesized.devTemplate();

	private final Template prod = Synthesized.prodTemplate();

	@Test
	void theUserPoolTakesNoSignUpsAndRequiresMfaAndStrongPasswords() {
		dev.hasResourceProperties("AWS::Cognito::UserPool", Map.of("UserPoolName", "dev-jobsuite-users",
				"AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true), "MfaConfiguration", "ON",
				"EnabledMfas", List.of("SOFTWARE_TOKEN_MFA"), "Policies", Map.of("PasswordPolicy", Match
					.objectLike(Map.of("MinimumLength", 12, "RequireSymbols", true, "RequireUppercase", true)))));
	}

	@Test
	void groupsOpsAndUsersAreTheApisRoles() {
		for (String group : List.of("ops", "users")) {
			dev.hasResourceProperties("AWS::Cognito::UserPoolGroup", Map.of("GroupName", group, "UserPoolId",
					Map.of("Ref", Match.stringLikeRegexp("IdentityUserPool.*"))));
		}
		assertThat(dev.findResources("AWS::Cognito::UserPoolGroup")).hasSize(2);
		assertThat(ServiceEnvironment.GROUP_ROLES).containsEntry("ops", "OPS").containsEntry("users", "USER");
	}

	@Test
	void theCliClientSignsInWithSrpAndHasNoSecret() {
		dev.hasResourceProperties("AWS::Cognito::UserPoolClient",
				Map.of("ClientName", "dev-jobsuite-api", "GenerateSecret", false, "ExplicitAuthFlows",
						List.of("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"), "PreventUserExistenceErrors",
						"ENABLED", "AllowedOAuthFlowsUserPoolClient", false));
		dev.hasResourceProperties("AWS::Cognito::UserPoolClient",
				Map.of("ClientName", "dev-jobsuite-api", "AllowedOAuthFlows", Match.absent(), "AllowedOAuthScopes",
						Match.absent(), "CallbackURLs", Match.absent()));
	}

	@Test
	void theApiTrustsThePoolsIssuerAndOnlyItsOwnClients() {
		String api = userData(dev, "api");
		assertThat(api).contains("JWT_ISSUER_URI=").contains("JWT_CLIENT_IDS=");
		String apiClient = logicalId(dev, "AWS::Cognito::UserPoolClient", "dev-jobsuite-api");
		// ProviderURL is https://cognito-idp.<region>.amazonaws.com/<poolId>, the tokens'
		// iss.
		assertThat(userDataTokens(dev, "api")).contains(Map.of("Ref", apiClient))
			.contains(Map.of("Fn::GetAtt",
					List.of(logicalId(dev, "AWS::Cognito::UserPool", "dev-jobsuite-users"), "ProviderURL")));
		// Only the API checks tokens; the others get no issuer.
		assertThat(userData(dev, "worker")).doesNotContain("JWT_");

		String webClient = logicalId(prod, "AWS::Cognito::UserPoolClient", "prod-jobsuite-web");
		assertThat(userDataTokens(prod, "api")).contains(Map.of("Ref", webClient),
				Map.of("Ref", logicalId(prod, "AWS::Cognito::UserPoolClient", "prod-jobsuite-api")));
	}

	@Test
	void withHttpsThePagesSitBehindTheLoadBalancersCognitoLoginAndTheApiIsForwardedForItsTokenCheck() {
		prod.hasResourceProperties("AWS::Cognito::UserPoolClient",
				Map.of("ClientName", "prod-jobsuite-web", "GenerateSecret", true, "AllowedOAuthFlows", List.of("code"),
						"CallbackURLs",
						List.of(Map.of("Fn::Join", List.of("", List.of("https://",
								Map.of("Fn::GetAtt",
										List.of(Match.stringLikeRegexp("ApiEndpointLoadBalancer.*"), "DNSName")),
								"/oauth2/idpresponse"))))));
		prod.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener",
				Map.of("Port", 443, "DefaultActions",
						Match.arrayWith(List.of(Match.objectLike(Map.of("Type", "authenticate-cognito", "Order", 1)),
								Match.objectLike(Map.of("Type", "forward", "Order", 2))))));
		prod.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule",
				Map.of("Priority", 10, "Actions", List.of(Match.objectLike(Map.of("Type", "forward"))), "Conditions",
						List.of(Match.objectLike(Map.of("Field", "path-pattern", "PathPatternConfig",
								Map.of("Values", ApiEndpoint.TOKEN_PATHS))))));
		// Sign out ends the Cognito session too: the web client lets Cognito's logout
		// send the browser back to the pages, and the API knows that logout.
		prod.hasResourceProperties("AWS::Cognito::UserPoolClient",
				Map.of("ClientName", "prod-jobsuite-web", "LogoutURLs",
						List.of(Map.of("Fn::Join", List.of("", List.of("https://",
								Map.of("Fn::GetAtt",
										List.of(Match.stringLikeRegexp("ApiEndpointLoadBalancer.*"), "DNSName")),
								"/"))))));
		assertThat(userData(prod, "api")).contains("JOBS_SECURITY_SIGN_OUT_URL=https://")
			.contains(".amazoncognito.com/logout?client_id=")
			.contains("&logout_uri=https://");
		assertThat(userData(dev, "api")).doesNotContain("JOBS_SECURITY_SIGN_OUT_URL");
		// Plain HTTP cannot host the login: dev forwards everything and only bearer
		// tokens get in.
		assertThat(dev.findResources("AWS::Cognito::UserPoolClient")).hasSize(1);
		dev.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener",
				Map.of("Port", 80, "DefaultActions", List.of(Match.objectLike(Map.of("Type", "forward")))));
	}

	static String userData(Template template, String service) {
		return Synthesized.literalText(launchTemplateData(template, service).get("UserData"));
	}

	/**
	 * The CloudFormation references in a service's user data (queue names, pool id, ...).
	 */
	@SuppressWarnings("unchecked")
	static List<Object> userDataTokens(Template template, String service) {
		Map<String, Object> base64 = (Map<String, Object>) launchTemplateData(template, service).get("UserData");
		Map<String, Object> join = (Map<String, Object>) base64.get("Fn::Base64");
		List<Object> parts = (List<Object>) ((List<Object>) join.get("Fn::Join")).get(1);
		return parts.stream().filter(part -> !(part instanceof String)).toList();
	}

	private static Map<?, ?> launchTemplateData(Template template, String service) {
		return Synthesized.properties(template, "AWS::EC2::LaunchTemplate")
			.values()
			.stream()
			.filter(props -> props.get("LaunchTemplateName").toString().endsWith("-jobsuite-" + service))
			.map(props -> (Map<?, ?>) props.get("LaunchTemplateData"))
			.findFirst()
			.orElseThrow();
	}

	private static String logicalId(Template template, String type, String name) {
		return Synthesized.properties(template, type)
			.entrySet()
			.stream()
			.filter(e -> name.equals(e.getValue().get("ClientName")) || name.equals(e.getValue().get("UserPoolName")))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type + " named " + name));
	}

}

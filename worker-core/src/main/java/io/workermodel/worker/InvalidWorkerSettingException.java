package io.workermodel.worker;

/**
 * A worker setting has a value the worker model cannot run with. Names the setting, the value and
 * what is accepted, so that start-up can stop with a message a user can act on.
 */
public class InvalidWorkerSettingException extends IllegalArgumentException {

	private final String setting;

	private final String value;

	private final String accepted;

	private final String reason;

	public InvalidWorkerSettingException(String setting, Object value, String accepted) {
		this(setting, value, accepted, null);
	}

	/**
	 * @param reason why the value cannot be used here, for a value that is valid elsewhere; or
	 * {@code null}
	 */
	public InvalidWorkerSettingException(String setting, Object value, String accepted, String reason) {
		super("Invalid worker setting '%s': '%s'%s (accepted: %s)".formatted(setting, value,
				(reason != null) ? ", since " + reason : "", accepted));
		this.setting = setting;
		this.value = String.valueOf(value);
		this.accepted = accepted;
		this.reason = reason;
	}

	/** The setting's name in kebab case, as in {@code max-requests}. */
	public String getSetting() {
		return this.setting;
	}

	public String getValue() {
		return this.value;
	}

	/** The accepted values or range, in words. */
	public String getAccepted() {
		return this.accepted;
	}

	/** Why a value that is valid elsewhere cannot be used here, or {@code null}. */
	public String getReason() {
		return this.reason;
	}

}

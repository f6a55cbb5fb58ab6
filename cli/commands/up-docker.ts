// `o11y up`'s first step: a reachable Docker engine. When it does not answer, `up` says what is
// missing and offers to fix it (what `doctor --fix` does), in a terminal or with --yes; where it
// cannot, it stops with the one step that would. A user the socket is closed to (not in the docker
// group) is told the command that adds them, and may continue this run through sudo.
import { o11yCommand } from '../invocation.js';
import { confirm } from '@inquirer/prompts';
import { DockerConnectionError, ensureDockerReachable } from '../docker/client.js';
import { applyDockerSetup, dockerGroupCommand, hostFacts, planDockerSetup, rerunThroughSudo } from '../doctor/docker-setup.js';
import { UserError } from '../errors.js';
import { releaseLabLock } from '../lab/lab-lock.js';
import { style } from '../output.js';

export interface DockerLead {
  yes?: boolean;
  stateDir: string;
  configPath: string;
  /** This command's arguments (after `o11y`), to run it again through sudo. */
  argv: string[];
}

const interactive = () => process.stdin.isTTY === true && process.stdout.isTTY === true;

/** Resolves once the engine answers; or, after a run through sudo, to that run's exit code. */
export async function ensureDockerForUp(lead: DockerLead): Promise<number | undefined> {
  const problem = await reachability();
  if (!problem) return undefined;
  if (problem.problem === 'unreachable') {
    await setUpDocker(lead, problem);
    const after = await reachability(15_000);
    if (!after) return undefined;
    if (after.problem !== 'permission') throw after;
    return offerSudo(lead, after, true);
  }
  if (problem.problem === 'permission') return offerSudo(lead, problem, false);
  throw problem;
}

async function reachability(timeoutMs = 5000): Promise<DockerConnectionError | undefined> {
  try {
    await ensureDockerReachable(undefined, timeoutMs);
    return undefined;
  } catch (err) {
    if (err instanceof DockerConnectionError) return err;
    throw err;
  }
}

async function setUpDocker(lead: DockerLead, problem: DockerConnectionError): Promise<void> {
  const setup = planDockerSetup(hostFacts(), lead.stateDir);
  if (setup.kind === 'manual')
    throw new UserError(`${setup.missing}: ${problem.message}`, { code: problem.code ?? 'O11Y_DOCKER_UNREACHABLE', hint: setup.step });
  // Through sudo it is this CLI's own `doctor --fix` that runs those commands.
  const how = setup.viaSudo ? `as root through sudo (\`sudo o11y doctor --fix --yes\`${setup.sudoAsks ? '; sudo asks for your password' : ''})` : 'as root';
  console.log(`${style.yellow('!')} ${setup.missing} (${problem.message.replace(/\.$/, '')}).`);
  console.log(`  o11y can set it up ${how}, running:\n${setup.commands.map((c) => `    ${c}`).join('\n')}`);
  if (!lead.yes) {
    if (!interactive()) {
      throw new UserError('Docker is needed, and without a terminal `o11y up` does not change the system unasked.', {
        code: 'O11Y_CONFIRMATION_NEEDED',
        hint: `Run \`${o11yCommand('up --yes')}\` to do the above and continue, or \`${setup.viaSudo ? 'sudo ' : ''}${o11yCommand('doctor --fix')}\` first.`,
      });
    }
    if (!(await confirm({ message: 'Set up Docker now and continue?', default: true }))) {
      throw new UserError('Docker was not set up; nothing changed.', {
        code: 'O11Y_CHANGE_DECLINED',
        hint: `${setup.viaSudo ? 'sudo ' : ''}${o11yCommand('doctor --fix')} does it, then \`${o11yCommand('up')}\`.`,
      });
    }
  } else if (setup.viaSudo && setup.sudoAsks && !interactive()) {
    throw new UserError('Setting up Docker needs root, and sudo asks for a password that no one can type here.', {
      code: 'O11Y_ROOT_REQUIRED',
      hint: `sudo ${o11yCommand('doctor --fix --yes')}, then \`${o11yCommand('up --yes')}\`.`,
    });
  } else {
    console.log(style.dim('  --yes: going ahead.'));
  }
  await applyDockerSetup(setup, { stateDir: lead.stateDir, configPath: lead.configPath, log: (line) => console.error(style.dim(line)) });
  console.log(`${style.green('✔')} Docker is set up`);
}

/** The socket is closed to this user: the lasting fix is the docker group; this run can go on through sudo. */
async function offerSudo(lead: DockerLead, problem: DockerConnectionError, justInstalled: boolean): Promise<number> {
  const group = dockerGroupCommand();
  const advice = `Add yourself to the docker group once: \`${group}\`, then log out and in again (a new login) for it to apply.`;
  console.log(
    `${style.yellow('!')} ${justInstalled ? 'Docker runs, but its' : 'Docker’s'} socket is closed to you: you are not in the docker group (${problem.message.replace(/\.$/, '')}).\n  ${advice}`,
  );
  const facts = hostFacts();
  const later = `After that new login, \`${o11yCommand('up')}\`.`;
  if (facts.sudo === 'absent') throw new UserError('There is no sudo here to continue as root this time.', { code: 'O11Y_SUDO_FAILED', hint: later });
  let go = lead.yes === true && (facts.sudo === 'no-password' || interactive());
  if (!lead.yes) {
    if (!interactive())
      throw new UserError('Not continuing as root without a terminal to ask.', {
        code: 'O11Y_CONFIRMATION_NEEDED',
        hint: `${later} Or this time: \`${o11yCommand('up --yes')}\` (through sudo).`,
      });
    go = await confirm({ message: 'Continue this run through sudo (as root)?', default: true });
  }
  if (!go) throw new UserError('Stopped: Docker’s socket is closed to you.', { code: 'O11Y_CHANGE_DECLINED', hint: later });
  console.log(style.dim(`  continuing through sudo: o11y ${lead.argv.join(' ')}`));
  // The run as root takes the lab's lock itself.
  releaseLabLock();
  return rerunThroughSudo(lead.argv);
}

package link

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
)

// Sandbox MFA (https://plaid.com/docs/sandbox/test-credentials/): what each MFA login asks, round by round,
// and the answers it wants. The Link page shows one round at a time (its
// login step answers the next round to show); headless Link gives every
// answer at once.

// mfaQuestion is one prompt of a round; Options for selections, Hint the
// Sandbox answer (Link shows it, as the test credentials are shown).
type mfaQuestion struct {
	Prompt  string   `json:"prompt"`
	Options []string `json:"options"`
	Hint    string   `json:"hint"`
}

// mfaRound is one MFA pane: Type is Plaid's mfa_type of its answer
// (code, questions or selections); Devices, when set, come first: the
// user picks where the code goes (mfa_type device), which is no answer.
type mfaRound struct {
	Type      string        `json:"type"`
	Devices   []string      `json:"devices"`
	Questions []mfaQuestion `json:"questions"`
	Round     int           `json:"round"`
	Rounds    int           `json:"rounds"`
}

var (
	mfaQuestions  = regexp.MustCompile(`^mfa_questions_(\d)_(\d)$`)
	mfaSelections = regexp.MustCompile(`^mfa_selections_(\d)_(\d)_(\d)$`)
)

// sandboxDevices are where mfa_device offers to send its code.
var sandboxDevices = []string{"Text message to (•••) •••-4321", "Email to u•••@example.com", "Phone call to (•••) •••-4321"}

// mfaRounds are the rounds a login asks, none for a login without MFA:
// mfa_device → a device, then the code 1234; mfa_questions_<n>_<m> → n
// rounds of m questions, answer_<i>_<j>; mfa_selections → Yes;
// mfa_selections_<n>_<m>_<o> → n rounds of m questions of o options,
// answer_<i>_<j>_0. A user_custom password's "mfa" asks the same.
func mfaRounds(username, password string) []mfaRound {
	switch {
	case password == "mfa_device":
		return deviceRounds()
	case password == "mfa_selections":
		return []mfaRound{{Type: "selections", Questions: []mfaQuestion{{Prompt: "Do you want to continue?", Options: []string{"Yes", "No"}, Hint: "Yes"}}}}
	case mfaQuestions.MatchString(password):
		m := mfaQuestions.FindStringSubmatch(password)
		return questionRounds(atoi(m[1]), atoi(m[2]))
	case mfaSelections.MatchString(password):
		m := mfaSelections.FindStringSubmatch(password)
		return selectionRounds(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	case username == "user_custom":
		return customRounds(password)
	case username == "test-good": // the Sandbox payroll login
		return []mfaRound{{Type: "questions", Questions: []mfaQuestion{{Prompt: "Last 4 digits of your Social Security number", Options: []string{}, Hint: "1234"}}}}
	}
	return nil
}

func deviceRounds() []mfaRound {
	return []mfaRound{{Type: "code", Devices: sandboxDevices, Questions: []mfaQuestion{{Prompt: "Enter the code we sent you", Options: []string{}, Hint: "1234"}}}}
}

func questionRounds(n, m int) []mfaRound {
	var out []mfaRound
	for i := range n {
		r := mfaRound{Type: "questions"}
		for j := range m {
			r.Questions = append(r.Questions, mfaQuestion{Prompt: fmt.Sprintf("Security question %d of round %d", j+1, i+1),
				Options: []string{}, Hint: fmt.Sprintf("answer_%d_%d", i, j)})
		}
		out = append(out, r)
	}
	return out
}

func selectionRounds(n, m, o int) []mfaRound {
	var out []mfaRound
	for i := range n {
		r := mfaRound{Type: "selections"}
		for j := range m {
			q := mfaQuestion{Prompt: fmt.Sprintf("Choose the right answer (%d of round %d)", j+1, i+1), Hint: fmt.Sprintf("answer_%d_%d_0", i, j)}
			for k := range o {
				q.Options = append(q.Options, fmt.Sprintf("answer_%d_%d_%d", i, j, k))
			}
			r.Questions = append(r.Questions, q)
		}
		out = append(out, r)
	}
	return out
}

// customRounds reads a user_custom configuration's "mfa" (https://plaid.com/docs/sandbox/user-custom/);
// a malformed one asks nothing here (the login reports the configuration).
func customRounds(password string) []mfaRound {
	var cfg struct {
		MFA *struct {
			Type                  string `json:"type"`
			QuestionRounds        int    `json:"question_rounds"`
			QuestionsPerRound     int    `json:"questions_per_round"`
			SelectionRounds       int    `json:"selection_rounds"`
			SelectionsPerQuestion int    `json:"selections_per_question"`
		} `json:"mfa"`
	}
	if json.Unmarshal([]byte(password), &cfg) != nil || cfg.MFA == nil {
		return nil
	}
	one := func(n, lo, hi int) int { return min(max(n, lo), hi) }
	switch m := cfg.MFA; m.Type {
	case "device":
		return deviceRounds()
	case "questions":
		return questionRounds(one(m.QuestionRounds, 1, 9), one(m.QuestionsPerRound, 1, 9))
	case "selections":
		return selectionRounds(one(m.SelectionRounds, 1, 9), 1, one(m.SelectionsPerQuestion, 2, 9))
	}
	return nil
}

// mfaAnswers are the answers a round wants, in order.
func (r mfaRound) answers() []string {
	out := make([]string, len(r.Questions))
	for i, q := range r.Questions {
		out[i] = q.Hint
	}
	return out
}

// checkMFA wants every answer of every round, in order (headless Link).
func checkMFA(username, password string, answers []string) *wire.Error {
	var want []string
	for _, r := range mfaRounds(username, password) {
		want = append(want, r.answers()...)
	}
	if !slices.Equal(want, answers) {
		return wire.New(wire.CodeInvalidMFA)
	}
	return nil
}

// nextMFA is the round the Link page shows next, given the answers of the
// rounds so far (nil when all are answered). Answers that are wrong, or
// stop inside a round, are INVALID_MFA.
func nextMFA(username, password string, answers []string) (*mfaRound, *wire.Error) {
	rounds := mfaRounds(username, password)
	for i, r := range rounds {
		want := r.answers()
		if len(answers) == 0 {
			r.Round, r.Rounds = i+1, len(rounds)
			return &r, nil
		}
		if len(answers) < len(want) || !slices.Equal(want, answers[:len(want)]) {
			return nil, wire.New(wire.CodeInvalidMFA)
		}
		answers = answers[len(want):]
	}
	if len(answers) > 0 {
		return nil, wire.New(wire.CodeInvalidMFA)
	}
	return nil, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

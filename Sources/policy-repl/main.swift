import CEditLine
import PolicyLang

print("policy-repl")

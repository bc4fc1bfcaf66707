// sed: addresses, commands, substitution, in-place editing, and errors.
const L = { 'n.txt': '1\n2\n3\n4\n5\n', 'w.txt': 'one two\nthree four\nfive six\n' };
export default [
  { name: 'sed-s-basic', sh: "echo hello | sed 's/l/L/'; echo hello | sed 's/l/L/g'; echo hello | sed 's/l/L/2'; echo hello | sed 's/x/y/'; echo a.b | sed 's|\\.|/|'; echo path/to | sed 's#/#_#g'" },
  { name: 'sed-s-groups', sh: "echo 'one two' | sed 's/\\(.*\\) \\(.*\\)/\\2 \\1/'; echo 'one two' | sed -E 's/(\\w+) (\\w+)/\\2 \\1/'; echo abc | sed 's/b/[&]/'; echo abc | sed 's/b/\\&/'; echo 'a b' | sed -r 's/(a) (b)/\\2\\1/'" },
  { name: 'sed-s-flags', sh: "echo Hello | sed 's/hello/bye/I'; echo aaa | sed -n 's/a/b/p'; echo aaa | sed -n 's/a/b/gp'; echo aXbXc | sed 's/X/\\n/g'" },
  { name: 'sed-s-case', sh: "echo hello | sed 's/.*/\\U&/'; echo HELLO | sed 's/\\(H\\)\\(.*\\)/\\1\\L\\2/'; echo hello world | sed 's/\\w\\+/\\u&/g'", in: 'dash bash' },
  { name: 'sed-addresses', files: L, sh: "sed -n '2p' n.txt; sed -n '2,4p' n.txt; sed -n '$p' n.txt; sed '1d' n.txt; sed '2,$d' n.txt; sed -n '/3/,$p' n.txt; sed -n '/2/,/4/p' n.txt; sed '3!d' n.txt; sed -n '$=' n.txt" },
  { name: 'sed-gnu-addresses', files: L, sh: "sed '0~2d' n.txt; sed -n '1~2p' n.txt; sed -n '2,+1p' n.txt; sed -n '0,/3/p' n.txt; sed -n '/2/,~4p' n.txt", in: 'dash bash' },
  { name: 'sed-commands', files: L, sh: "sed -n '2{p;q}' n.txt; sed '2q' n.txt; sed '$!N;s/\\n/-/' n.txt; sed = n.txt | head -4; sed -n 'h;n;G;p' n.txt; sed 'y/123/abc/' n.txt" },
  { name: 'sed-append-insert', sh: "printf 'a\\nb\\n' | sed 'a\\\nappended'; printf 'a\\nb\\n' | sed '1i inserted'; printf 'a\\nb\\n' | sed '2c changed'; printf 'a\\nb\\n' | sed '1a one' ; printf 'a\\nb\\nc\\n' | sed '/b/i\\\nbefore b'; printf 'a\\nb\\nc\\n' | sed '2,3c\\\nboth'" },
  { name: 'sed-multi-e', sh: "echo abc | sed -e 's/a/b/' -e 's/b/c/'; echo abc | sed 's/a/b/;s/c/d/'; printf 's/a/X/\\ns/c/Y/\\n' > s.sed; echo abc | sed -f s.sed; echo abc | sed -n -e 's/a/b/' -e 'p;p'" },
  { name: 'sed-inplace', files: L, sh: "sed -i 's/3/three/' n.txt; cat n.txt; sed -i.bak '1d' n.txt; cat n.txt; cat n.txt.bak | head -1; sed -i -e '$a\\' -e 'end' w.txt; tail -2 w.txt" },
  { name: 'sed-labels', sh: "printf 'a\\nb\\nc\\n' | sed ':a;N;$!ba;s/\\n/,/g'; echo aaa | sed ':x;s/a/b/;tx'; printf 'x\\ny\\n' | sed -n '/x/{n;p}'" },
  { name: 'sed-delete-ranges', sh: "printf 'keep\\n# c\\n\\nkeep2\\n' | sed '/^#/d;/^$/d'; printf 'a\\nSTART\\nb\\nEND\\nc\\n' | sed '/START/,/END/d'" },
  { name: 'sed-errors', sh: "echo abc | sed 's/b'; echo $?; echo abc | sed 'k'; echo $?; echo abc | sed 's/a/b/q'; echo $?; sed p nofile; echo $?; echo x | sed -e 'b nolabel'; echo $?" },
  { name: 'sed-errors-gnu', sh: "echo abc | sed '{p'; echo $?; echo abc | sed 'y/ab/x/'; echo $?; echo abc | sed '}'; echo $?", in: 'dash bash' },
  { name: 'sed-no-newline', sh: "printf 'a\\nb' | sed 's/b/c/'; echo; printf 'x' | sed p; echo" },
  { name: 'sed-l', sh: "printf 'a\\tb\\\\c\\n' | sed -n l", in: 'dash bash' },
  { name: 'sed-stdin-dash', files: L, sh: "echo piped | sed 's/p/P/' - n.txt | head -2; sed -n 1p n.txt w.txt; sed -s -n 1p n.txt w.txt", norm: ['bbversion'] },
  { name: 'sed-config-edit', files: { 'app.conf': 'port=80\n#debug=true\nhost=localhost\n' }, sh: "sed -i -e 's/^port=.*/port=8080/' -e 's/^#\\(debug\\)/\\1/' app.conf; cat app.conf; sed -n 's/^host=//p' app.conf" },
];

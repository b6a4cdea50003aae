# The tour: what `vmsim --stats /bin/tour` (and the README's first command) shows.
# Read it with `cat /etc/tour.sh` in the shell; run it again with `sh /etc/tour.sh`.
echo
echo "== 1. Time-sharing: four processes draw on one screen (watch the window) =="
echo "   None of them yields; the timer interrupts them and the scheduler takes turns."
screen 4 3
echo
echo "== 2. A pipeline: three processes joined by two pipes =="
echo "   cat /home/poem.txt | grep the | wc"
cat /home/poem.txt | grep the | wc
echo
echo "== 3. Demand paging: 512 fresh heap pages, one page fault each =="
pagefaults 512
echo
echo "== 4. The TLB (32 entries): a working set that fits, then one that does not =="
tlbsweep 16 200
tlbsweep 96 200
echo
echo "== 5. fork: a tree of processes =="
forktree 2
echo
echo "== The machine powers off; vmsim's statistics name every process =="

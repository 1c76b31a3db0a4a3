from coupling.cli import main

main(prog_name="coupling")

import { mountSidePanel } from '../../components/sidepanel/mount';

mountSidePanel();
